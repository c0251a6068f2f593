/**
 * A button that copies text to the clipboard and says "Copied" (a live
 * region, so screen readers hear it too). Where the clipboard refuses (no
 * permission, a page that is not a secure context), it says so in a
 * sentence and selects the text on screen instead, so Ctrl+C still copies it.
 */
import { useEffect, useState } from 'react';
import './copy-button.css';

export interface CopyButtonProps {
  /** What is copied, read when the button is pressed. */
  text(): string;
  /** The text on screen to select where the clipboard refuses. */
  selectOnRefusal(): Node | null;
  /** The button's name for screen readers and its tooltip, e.g. "Copy message". */
  label: string;
  /** A word shown beside the icon; without one the button is the icon alone. */
  caption?: string;
  className: string;
  testId: string;
}

type Outcome = 'none' | 'copied' | 'refused';

/** Long enough to read, short enough not to linger over the next copy. */
const copiedShownMs = 2000;

const refusedSentence = 'The clipboard is not available here, so the text is selected: press Ctrl+C (⌘C on a Mac) to copy it.';

function CopyIcon() {
  return (
    <svg className="copy-button__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="5.5" y="5.5" width="8" height="9" rx="1.5" />
      <path d="M3.5 10.5h-0.5a1.5 1.5 0 0 1-1.5-1.5v-6a1.5 1.5 0 0 1 1.5-1.5h5a1.5 1.5 0 0 1 1.5 1.5v0.5" />
    </svg>
  );
}

export function CopyButton({ text, selectOnRefusal, label, caption, className, testId }: CopyButtonProps) {
  const [outcome, setOutcome] = useState<Outcome>('none');

  useEffect(() => {
    if (outcome !== 'copied') return;
    const timer = setTimeout(() => setOutcome('none'), copiedShownMs);
    return () => clearTimeout(timer);
  }, [outcome]);

  const copy = async () => {
    try {
      // Throws where the clipboard is missing (insecure context) as well as where it is refused.
      await navigator.clipboard.writeText(text());
      setOutcome('copied');
    } catch {
      const target = selectOnRefusal();
      if (target !== null) window.getSelection()?.selectAllChildren(target);
      setOutcome('refused');
    }
  };

  return (
    <span className="copy-button">
      <button type="button" className={className} aria-label={label} title={label} data-testid={testId} onClick={() => void copy()}>
        <CopyIcon />
        {caption}
      </button>
      <span className="copy-button__status" role="status" aria-live="polite" data-testid={`${testId}-status`}>
        {outcome === 'copied' ? 'Copied' : outcome === 'refused' ? refusedSentence : ''}
      </span>
    </span>
  );
}
