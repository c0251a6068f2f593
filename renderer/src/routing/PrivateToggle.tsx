/** In the chat header: keeps the open conversation on this computer, whatever the mode or a message asks. */
import type { ConversationPrivacy } from './useConversationPrivacy.ts';

export function PrivateToggle({ privacy }: { privacy: ConversationPrivacy }) {
  const { isPrivate, error, setPrivate } = privacy;
  return (
    <div className="private-toggle">
      <label className="private-toggle__label">
        <input
          type="checkbox"
          role="switch"
          checked={isPrivate === true}
          disabled={isPrivate === null}
          onChange={(event) => void setPrivate(event.target.checked)}
          aria-describedby="private-toggle-note"
          data-testid="private-toggle"
        />
        Private
      </label>
      <span id="private-toggle-note" className="private-toggle__note">
        Nothing of this conversation leaves this computer
      </span>
      {error ? (
        <span className="private-toggle__error" role="alert" data-testid="private-toggle-error">
          {error.message}
        </span>
      ) : null}
    </div>
  );
}
