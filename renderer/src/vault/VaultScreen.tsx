/** First run: choose a passphrase. Later starts: type it to open the encrypted data. */
import { useState, type FormEvent } from 'react';
import type { HearthApi, VaultStatus } from '../../../src/api/index.ts';
import { useAttempt } from '../bridge/useAttempt.ts';

interface VaultScreenProps {
  api: HearthApi;
  status: VaultStatus;
  onOpened(status: VaultStatus): void;
}

export function VaultScreen({ api, status, onOpened }: VaultScreenProps) {
  const creating = status.state === 'new';
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [working, setWorking] = useState(false);
  const { error, attempt } = useAttempt();

  const tooShort = creating && passphrase.length > 0 && passphrase.length < status.minPassphraseChars;
  const mismatch = creating && repeat.length > 0 && repeat !== passphrase;
  const canSubmit = passphrase.length > 0 && !working && (!creating || (!tooShort && repeat === passphrase));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canSubmit) return;
    setWorking(true);
    // Once opened, the app replaces this screen: only a failure ends the wait.
    if (!(await attempt(async () => onOpened(await api.call(creating ? 'vault.create' : 'vault.unlock', { passphrase }))))) setWorking(false);
  };

  return (
    <form className="vault__card" onSubmit={submit} data-testid="vault-form" aria-busy={working}>
      <h1>{creating ? 'Protect your Hearth' : 'Unlock Hearth'}</h1>
      {creating ? (
        <p>
          Your chats, memories and documents stay on this computer, encrypted. Choose a passphrase of at least{' '}
          {status.minPassphraseChars} characters to lock them. <strong>There is no way to recover it</strong>: if you
          forget it, your Hearth data cannot be opened.
        </p>
      ) : (
        <p>Your Hearth data is encrypted. Type your passphrase to open it.</p>
      )}
      {creating && status.hasUnencryptedData ? (
        <p className="vault__note">Conversations you already have will be encrypted too.</p>
      ) : null}
      <label className="vault__field">
        Passphrase
        <input
          className="text-input"
          type="password"
          autoComplete={creating ? 'new-password' : 'current-password'}
          autoFocus
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
          data-testid="vault-passphrase"
        />
      </label>
      {tooShort ? <p className="vault__hint">At least {status.minPassphraseChars} characters.</p> : null}
      {creating ? (
        <label className="vault__field">
          Repeat it
          <input
            className="text-input"
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(event) => setRepeat(event.target.value)}
            data-testid="vault-repeat"
          />
        </label>
      ) : null}
      {mismatch ? <p className="vault__hint">The two passphrases differ.</p> : null}
      {error ? (
        <p className="vault__error" role="alert" data-testid="vault-error">
          <strong>{error.message}</strong> {error.action}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={!canSubmit} data-testid="vault-submit">
        {working ? (creating ? 'Encrypting…' : 'Unlocking…') : creating ? 'Encrypt and start' : 'Unlock'}
      </button>
    </form>
  );
}
