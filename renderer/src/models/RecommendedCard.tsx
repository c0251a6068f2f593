/** The model suggested for this machine and why; compact beside the chat on a first run, fuller on the Models page. */
import type { CatalogModelView } from '../../../src/api/index.ts';
import { DownloadControl, FitBadge } from './CatalogList.tsx';
import { formatBytes } from './format.ts';
import type { ModelsController } from './useModels.ts';

export function RecommendedCard({
  model, reason, controller, compact = false, onGetIt,
}: { model: CatalogModelView; reason: string; controller: ModelsController; compact?: boolean; onGetIt?: () => void }) {
  return (
    <section className={compact ? 'recommended recommended--compact' : 'recommended'} data-testid={compact ? 'first-run-card' : 'recommended'}>
      <p className="recommended__label">Recommended for this computer</p>
      <div className="recommended__head">
        <strong>{model.name}</strong>
        <FitBadge model={model} />
      </div>
      <p className="recommended__reason">
        {model.sizeBytes ? `${formatBytes(model.sizeBytes)}, ` : ''}
        {reason}.
      </p>
      {compact && !model.downloading && !model.installed ? (
        <button
          type="button" className="button button--primary"
          onClick={() => {
            void controller.actions.download(model.id);
            onGetIt?.();
          }}
          data-testid="get-it-button"
        >
          Get it
        </button>
      ) : (
        <DownloadControl model={model} controller={controller} />
      )}
    </section>
  );
}
