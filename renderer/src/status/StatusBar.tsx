/** The model in use, its state, and how fast the last reply came. */
import type { ModelStatus, ReplyStats } from '../../../src/api/index.ts';

const stateLabels: Record<ModelStatus['state'], string> = {
  loading: 'Loading model…',
  calibrating: 'Finding the fastest thread count…',
  ready: 'Ready',
  error: 'Model failed',
};

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export interface StatusBarProps {
  modelStatus: ModelStatus | null;
  lastStats: ReplyStats | null;
  /** False while the connection to Hearth is down: the model's state is then unknown. */
  connected: boolean;
}

export function StatusBar({ modelStatus, lastStats, connected }: StatusBarProps) {
  const state = modelStatus?.state ?? 'loading';
  return (
    <footer className="status-bar" aria-label="Model status">
      <span className="status-bar__item status-bar__model" data-testid="status-model" title={modelStatus?.path ?? undefined}>
        <span className="status-bar__key">Model</span> {modelStatus?.name ?? 'none'}
        {modelStatus?.isDemo ? <span className="badge">demo</span> : null}
      </span>
      <span
        className={`status-bar__item status-bar__state status-bar__state--${connected ? state : 'disconnected'}`}
        data-testid="status-state"
        data-state={connected ? state : 'disconnected'}
        role="status"
      >
        <span className="status-dot" aria-hidden="true" />
        {!connected ? (
          'Not connected'
        ) : state === 'error' && modelStatus?.error ? (
          <span className="status-bar__error">
            {modelStatus.error.message} {modelStatus.error.action}
          </span>
        ) : (
          stateLabels[state]
        )}
      </span>
      {modelStatus?.gpu ? (
        <span className="status-bar__item" data-testid="status-gpu">
          <span className="status-bar__key">GPU</span> {modelStatus.gpu}
          {modelStatus.gpuLayers != null ? ` · ${modelStatus.gpuLayers} layers` : ''}
        </span>
      ) : null}
      {modelStatus?.fallbackReason ? (
        <span className="status-bar__item status-bar__fallback" data-testid="status-fallback">
          {modelStatus.fallbackReason}
        </span>
      ) : null}
      {modelStatus?.threads != null ? (
        <span className="status-bar__item" data-testid="status-threads">
          <span className="status-bar__key">Threads</span> {modelStatus.threads}
        </span>
      ) : null}
      <span className="status-bar__item status-bar__speed" data-testid="status-speed">
        {lastStats ? (
          <>
            <span className="status-bar__key">Last reply</span> {lastStats.tokensPerSecond.toFixed(1)} tok/s · TTFT{' '}
            {formatMs(lastStats.ttftMs)}
          </>
        ) : null}
      </span>
    </footer>
  );
}
