/** The Models page: the recommendation, the installed models, the catalogue, Hugging Face search and importing a file. */
import type { HearthApi } from '../../../src/api/index.ts';
import { CatalogList } from './CatalogList.tsx';
import { HardwareNote } from './HardwareNote.tsx';
import { HubSearch } from './HubSearch.tsx';
import { ImportForm } from './ImportForm.tsx';
import { InstalledList } from './InstalledList.tsx';
import { RecommendedCard } from './RecommendedCard.tsx';
import type { ModelsController } from './useModels.ts';

export function ModelsPage({ controller, api }: { controller: ModelsController; api: HearthApi }) {
  const { installed, catalog, error } = controller.state;
  const recommended = catalog?.recommended ? catalog.models.find((model) => model.id === catalog.recommended?.id) : undefined;
  const hardware = catalog?.hardware;
  return (
    <main className="models" data-testid="models-page">
      <h2 className="models__title">Models</h2>
      {hardware && <HardwareNote hardware={hardware} controller={controller} />}
      {error && (
        <div className="banner banner--error" role="alert" data-testid="models-error">
          <p>
            {error.message} {error.action}
          </p>
          <button type="button" className="button button--quiet" onClick={controller.actions.dismissError}>
            Dismiss
          </button>
        </div>
      )}
      {recommended && catalog?.recommended && <RecommendedCard model={recommended} reason={catalog.recommended.reason} controller={controller} />}
      <h3>Installed</h3>
      {installed ? <InstalledList models={installed} controller={controller} /> : <p className="models__note">Loading…</p>}
      <ImportForm controller={controller} />
      <h3>Catalogue</h3>
      {catalog ? <CatalogList catalog={catalog} controller={controller} /> : <p className="models__note">Reading the catalogue…</p>}
      <h3>Hugging Face</h3>
      <HubSearch api={api} />
    </main>
  );
}
