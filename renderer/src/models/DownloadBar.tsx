/** A download's real progress: the bar, bytes, percent, rate and time left, and a cancel button. */
import type { DownloadProgressEvent } from '../../../src/api/index.ts';
import { formatBytes, formatEta, formatRate } from './format.ts';

export function DownloadBar({ progress, onCancel }: { progress: DownloadProgressEvent | undefined; onCancel: () => void }) {
  const total = progress?.total ?? null;
  const bytes = progress?.bytes ?? 0;
  const percent = total ? Math.floor((bytes / total) * 100) : null;
  return (
    <div className="download" data-testid="download-progress">
      <progress className="download__bar" max={total ?? undefined} value={total ? bytes : undefined} data-testid="download-bar" aria-label="Download progress" />
      <div className="download__facts">
        <span data-testid="download-bytes">
          {progress ? `${formatBytes(bytes)}${total ? ` of ${formatBytes(total)}` : ''}` : 'Starting…'}
          {percent !== null ? ` (${percent}%)` : ''}
        </span>
        {progress && (
          <span>
            {formatRate(progress.rate)} · {formatEta(progress.etaSeconds)}
          </span>
        )}
        <button type="button" className="button button--quiet" onClick={onCancel} data-testid="download-cancel">
          Cancel
        </button>
      </div>
    </div>
  );
}
