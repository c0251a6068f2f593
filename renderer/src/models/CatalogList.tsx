/** The catalogue, each model rated for this machine, with its download button or progress. */
import type { CatalogModelView, ModelCatalogView } from '../../../src/api/index.ts';
import { DownloadBar } from './DownloadBar.tsx';
import { formatBytes } from './format.ts';
import type { ModelsController } from './useModels.ts';

const fitLabels: Record<CatalogModelView['fit']['level'], string> = {
  gpu: 'Runs on GPU', 'partial-gpu': 'GPU + CPU', cpu: 'Runs on CPU', 'too-big': 'Too big',
};

export function FitBadge({ model }: { model: CatalogModelView }) {
  return (
    <span className={`badge fit-badge fit-badge--${model.fit.level}`} title={model.fit.reason} data-testid="fit-badge">
      {fitLabels[model.fit.level]}
      {model.fit.speed ? `, ${model.fit.speed}` : ''}
    </span>
  );
}

export function DownloadControl({ model, controller }: { model: CatalogModelView; controller: ModelsController }) {
  const { state, actions } = controller;
  if (model.installed) return <span className="badge badge--ok">Installed</span>;
  if (model.downloading) return <DownloadBar progress={state.progress[model.id]} onCancel={() => void actions.cancel(model.id)} />;
  const failure = state.failures[model.id];
  // What an interrupted download left on disk, also after a restart; the failure, while this window remembers it.
  const kept = model.partialBytes !== null && model.partialBytes > 0;
  const resumable = kept || failure?.code === 'DOWNLOAD_CANCELLED' || failure?.code === 'DOWNLOAD_NETWORK' || failure?.code === 'DOWNLOAD_STALLED';
  return (
    <div className="catalog-item__download">
      {failure && (
        <p className={failure.code === 'DOWNLOAD_CANCELLED' ? 'models__note' : 'models__note models__note--error'} role="status">
          {failure.message} {failure.action}
        </p>
      )}
      <button type="button" className="button" disabled={model.fit.level === 'too-big'} onClick={() => void actions.download(model.id)} data-testid="download-button">
        {resumable ? 'Resume download' : 'Download'}
      </button>
      {kept && model.partialBytes !== null ? (
        <p className="models__note" data-testid="partial-note">
          {formatBytes(model.partialBytes)}
          {model.sizeBytes ? ` of ${formatBytes(model.sizeBytes)}` : ''} already downloaded.
        </p>
      ) : null}
    </div>
  );
}

export function CatalogList({ catalog, controller }: { catalog: ModelCatalogView; controller: ModelsController }) {
  return (
    <ul className="catalog-list">
      {catalog.models.map((model) => (
        <li key={model.id} className="catalog-item" data-testid="catalog-item" data-model-id={model.id}>
          <div className="catalog-item__head">
            <strong>{model.name}</strong>
            <FitBadge model={model} />
            {!model.verified && (
              <span className="badge badge--warning" title="No published checksum: the file cannot be checked after download." data-testid="unverified-badge">
                unverified
              </span>
            )}
          </div>
          <p className="catalog-item__facts">
            {model.kind === 'embedding' ? 'Embedding model · ' : ''}
            {model.parametersBillions}B parameters · {model.quantization} · {model.sizeBytes ? formatBytes(model.sizeBytes) : 'size unknown'} · context{' '}
            {model.contextLength.toLocaleString()} · {model.licence}
          </p>
          <p className="catalog-item__reason">{model.fit.reason}</p>
          <DownloadControl model={model} controller={controller} />
        </li>
      ))}
    </ul>
  );
}
