/**
 * Before a message goes to a provider: why Hearth would send it out, the
 * most the reply could cost, what was redacted, and exactly the text that
 * would leave this computer. Nothing is sent until the person chooses;
 * Cancel (or Esc) sends nothing and keeps the text in the composer.
 */
import { useEffect } from 'react';
import type { RoutePreview } from '../../../src/api/index.ts';
import { formatMor } from '../wallet/units.ts';
import { readableRequest, redactionSentence } from './disclosure-words.ts';
import type { PreviewChoice } from './useRoutedSend.ts';

export function RoutePreviewDialog({ preview, onChoose }: { preview: RoutePreview; onChoose(choice: PreviewChoice): void }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onChoose(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onChoose]);

  const { route, worstCaseWei, disclosure, confirm } = preview;
  return (
    <div className="dialog-backdrop">
      <div className="dialog route-preview" role="dialog" aria-modal="true" aria-labelledby="route-preview-title" aria-describedby="route-preview-reason" data-testid="route-preview">
        <h3 id="route-preview-title">Send this message to a provider?</h3>
        <p id="route-preview-reason" className="route-preview__reason" data-testid="route-preview-reason">
          {route.reason}
        </p>
        <p className="route-preview__cost" data-testid="route-preview-worst-case">
          <strong>Worst case:</strong> {worstCaseWei === null ? 'not known yet' : formatMor(worstCaseWei)} for this reply
          {confirm ? ', more than the amount above which you asked to be asked.' : '.'}
        </p>
        {disclosure === null ? null : (
          <>
            <p className="route-preview__redacted" data-testid="route-preview-redacted">
              {redactionSentence(disclosure.redacted)}
            </p>
            <p className="route-preview__label" id="route-preview-text-label">Exactly what leaves this computer:</p>
            <pre className="route-preview__text" data-testid="route-preview-text" tabIndex={0} aria-labelledby="route-preview-text-label">
              {readableRequest(disclosure.text)}
            </pre>
          </>
        )}
        <div className="dialog__buttons">
          <button type="button" className="button" onClick={() => onChoose(null)} autoFocus data-testid="route-preview-cancel">
            Cancel
          </button>
          <button type="button" className="button" onClick={() => onChoose('local')} data-testid="route-preview-local">
            Answer here instead
          </button>
          <button type="button" className="button button--primary" onClick={() => onChoose('provider')} data-testid="route-preview-send">
            Send to provider
          </button>
        </div>
      </div>
    </div>
  );
}
