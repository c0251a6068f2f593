/** ‹ 2/3 ›: which version of an edited message is shown, and the way to the others (each with the replies that followed it). */
import type { Message } from '../../../src/api/index.ts';

export function BranchSwitcher({ branch, disabled, onShow }: { branch: NonNullable<Message['branch']>; disabled: boolean; onShow(messageId: string): void }) {
  const { index, count, previousId, nextId } = branch;
  return (
    <span className="branch-switcher" data-testid="branch-switcher">
      <button
        type="button" className="button button--quiet branch-switcher__step" aria-label="Show the previous version"
        disabled={disabled || previousId === null} onClick={() => previousId && onShow(previousId)} data-testid="branch-previous"
      >
        ‹
      </button>
      <span className="branch-switcher__position" data-testid="branch-position" aria-label={`Version ${index + 1} of ${count}`}>
        {index + 1}/{count}
      </span>
      <button
        type="button" className="button button--quiet branch-switcher__step" aria-label="Show the next version"
        disabled={disabled || nextId === null} onClick={() => nextId && onShow(nextId)} data-testid="branch-next"
      >
        ›
      </button>
    </span>
  );
}
