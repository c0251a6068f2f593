/**
 * Hugging Face on the Models page: search its GGUF models, open a result
 * to see its files with their size and how each would run here, and
 * download one (verified against the hub's sha256), with the same progress
 * bar as the catalogue.
 */
import { useState, type FormEvent } from 'react';
import type { HearthApi } from '../../../src/api/index.ts';
import type { HubFileView, HubModelView } from '../../../src/api/model-hub.ts';
import { DownloadBar } from './DownloadBar.tsx';
import { formatBytes } from './format.ts';
import { useHubSearch, type HubSearchController } from './useHubSearch.ts';
import './hub-search.css';

const fitLabels: Record<HubFileView['fit']['level'], string> = {
  gpu: 'Runs on GPU', 'partial-gpu': 'GPU + CPU', cpu: 'Runs on CPU', 'too-big': 'Too big',
};

const formatCount = (count: number) => new Intl.NumberFormat(undefined, { notation: 'compact' }).format(count);

function HubFileRow({ repo, file, hub }: { repo: string; file: HubFileView; hub: HubSearchController }) {
  const { state, actions } = hub;
  const failure = state.failures[file.id];
  const downloading = file.id in state.downloading;
  return (
    <li className="hub-file" data-testid="hub-file" data-file-id={file.id}>
      <div className="catalog-item__head">
        <strong className="hub-file__name">{file.path}</strong>
        <span className={`badge fit-badge fit-badge--${file.fit.level}`} title={file.fit.reason} data-testid="hub-fit-badge">
          {fitLabels[file.fit.level]}
          {file.fit.speed ? `, ${file.fit.speed}` : ''}
        </span>
        {file.sha256 === null && (
          <span className="badge badge--warning" title="Hugging Face gives no sha256 for this file: it cannot be checked after download.">unverified</span>
        )}
      </div>
      <p className="catalog-item__facts">
        {formatBytes(file.sizeBytes)} · {file.quantization ?? 'quantization unknown'}
      </p>
      <p className="catalog-item__reason">{file.fit.reason}</p>
      {file.installed ? (
        <span className="badge badge--ok" data-testid="hub-installed">Installed</span>
      ) : downloading ? (
        <DownloadBar progress={state.downloading[file.id]} onCancel={() => actions.cancel(file.id)} />
      ) : (
        <div className="catalog-item__download">
          {failure && (
            <p className={failure.code === 'DOWNLOAD_CANCELLED' ? 'models__note' : 'models__note models__note--error'} role="status" data-testid="hub-download-error">
              {failure.message} {failure.action}
            </p>
          )}
          <button type="button" className="button" disabled={file.fit.level === 'too-big'} onClick={() => void actions.download(repo, file)} data-testid="hub-download-button">
            Download
          </button>
        </div>
      )}
    </li>
  );
}

function HubResult({ model, hub }: { model: HubModelView; hub: HubSearchController }) {
  const opened = hub.state.open[model.repo];
  return (
    <li className="catalog-item" data-testid="hub-result" data-repo={model.repo}>
      <div className="catalog-item__head">
        <button
          type="button" className="button button--quiet hub-result__toggle" aria-expanded={opened !== undefined}
          onClick={() => (opened ? hub.actions.close(model.repo) : hub.actions.open(model.repo))} data-testid="hub-result-toggle"
        >
          {opened ? '▾' : '▸'} {model.repo}
        </button>
      </div>
      <p className="catalog-item__facts">
        {formatCount(model.downloads)} downloads · {formatCount(model.likes)} likes
      </p>
      {opened && opened.error && (
        <p className="models__note models__note--error" role="alert">
          {opened.error.message} {opened.error.action}
        </p>
      )}
      {opened && !opened.error && opened.files === null && <p className="models__note">Listing its files…</p>}
      {opened?.files?.length === 0 && (
        <p className="models__note" data-testid="hub-no-files">
          This repository has no single-file GGUF model Hearth can download (models split into several parts are not offered).
        </p>
      )}
      {opened?.files && opened.files.length > 0 && (
        <ul className="hub-files">
          {opened.files.map((file) => <HubFileRow key={file.id} repo={model.repo} file={file} hub={hub} />)}
        </ul>
      )}
    </li>
  );
}

export function HubSearch({ api }: { api: HearthApi }) {
  const hub = useHubSearch(api);
  const [query, setQuery] = useState('');
  const { results, searching, error } = hub.state;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim() !== '') void hub.actions.search(query.trim());
  };
  return (
    <section className="hub-search" data-testid="hub-search">
      <form className="hub-search__form" onSubmit={submit} role="search">
        <label htmlFor="hub-query">Search Hugging Face for GGUF models</label>
        <div className="hub-search__row">
          <input
            id="hub-query" className="text-input hub-search__input" type="search" value={query} maxLength={200}
            onChange={(event) => setQuery(event.target.value)} placeholder="llama 3.2 1b instruct" data-testid="hub-search-input"
          />
          <button type="submit" className="button" disabled={searching || query.trim() === ''} data-testid="hub-search-button">
            {searching ? 'Searching…' : 'Search'}
          </button>
        </div>
      </form>
      {error && (
        <p className="models__note models__note--error" role="alert" data-testid="hub-error">
          {error.message} {error.action}
        </p>
      )}
      {results?.length === 0 && <p className="models__note">No GGUF model on Hugging Face matches these words.</p>}
      {results && results.length > 0 && (
        <ul className="catalog-list hub-search__results">
          {results.map((model) => <HubResult key={model.repo} model={model} hub={hub} />)}
        </ul>
      )}
    </section>
  );
}
