/**
 * The local API on the Privacy page: other apps on this computer (editors,
 * scripts) may use Hearth's model through the OpenAI API, while the switch
 * is on, with the token shown here as their API key. Off until turned on;
 * a new token, after a confirmation, locks out every app given the old one.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { HearthApi, LocalApiSetting } from '../../../src/api/index.ts';
import { useAttempt } from '../bridge/useAttempt.ts';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.tsx';
import './local-api.css';

/** A port the user may choose: those below 1024 need privileges Hearth does not have. */
function parsePort(text: string): number | null {
  const port = Number(text.trim());
  return Number.isInteger(port) && port >= 1024 && port <= 65535 ? port : null;
}

export function LocalApiSection({ api }: { api: HearthApi }) {
  const { error, attempt } = useAttempt();
  const [setting, setSetting] = useState<LocalApiSetting | null>(null);
  const [portText, setPortText] = useState('');
  const [tokenShown, setTokenShown] = useState(false);
  const [copied, setCopied] = useState<'token' | 'manual' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [working, setWorking] = useState(false);

  useEffect(() => {
    const show = (next: LocalApiSetting) => {
      setSetting(next);
      setPortText(String(next.port));
    };
    void api.call('localApi.get', {}).then(show, () => undefined);
    return api.on('localApi.changed', show);
  }, [api]);

  if (!setting) return null;
  const port = parsePort(portText);

  const change = async (action: () => Promise<LocalApiSetting>) => {
    setWorking(true);
    setCopied(null);
    await attempt(async () => {
      const next = await action();
      setSetting(next);
      setPortText(String(next.port));
    });
    setWorking(false);
  };
  const toggle = (enabled: boolean) => void change(() => api.call('localApi.set', port === null ? { enabled } : { enabled, port }));
  const savePort = (event: FormEvent) => {
    event.preventDefault();
    if (port !== null) void change(() => api.call('localApi.set', { enabled: setting.enabled, port }));
  };
  const copyToken = async () => {
    try {
      await navigator.clipboard.writeText(setting.token);
      setCopied('token');
    } catch {
      // Where the clipboard refuses, the token is shown to copy by hand.
      setTokenShown(true);
      setCopied('manual');
    }
  };
  const newToken = () => {
    setConfirming(false);
    void change(() => api.call('localApi.newToken', {}));
  };

  const token = tokenShown ? setting.token : '\u2022'.repeat(16);
  const example = `curl ${setting.url}/models -H "Authorization: Bearer ${tokenShown ? setting.token : 'YOUR_TOKEN'}"`;

  return (
    <section className="privacy__section local-api" data-testid="local-api-section">
      <h2>Local API</h2>
      <p>
        Other apps on this computer, such as editors and scripts, can use Hearth&rsquo;s model through the OpenAI API
        while this is on: give them the address and the token below. Their requests are answered on this computer and
        are not kept in your conversations. Web pages cannot use it.
      </p>
      <label className="local-api__switch">
        <input
          type="checkbox" role="switch" checked={setting.enabled} disabled={working}
          onChange={(event) => toggle(event.target.checked)} data-testid="local-api-switch"
        />
        Let other apps on this computer use Hearth&rsquo;s model
      </label>
      <dl className="local-api__details">
        <dt>Address</dt>
        <dd><code data-testid="local-api-url">{setting.url}</code></dd>
        <dt>Token</dt>
        <dd>
          <code data-testid="local-api-token">{token}</code>
          <button type="button" className="button button--quiet" onClick={() => setTokenShown(!tokenShown)} data-testid="local-api-show-token">
            {tokenShown ? 'Hide' : 'Show'}
          </button>
          <button type="button" className="button button--quiet" onClick={() => void copyToken()} data-testid="local-api-copy-token">
            Copy
          </button>
          <button type="button" className="button button--quiet" disabled={working} onClick={() => setConfirming(true)} data-testid="local-api-new-token">
            New token…
          </button>
        </dd>
      </dl>
      {copied === 'token' ? <p className="privacy__done" role="status">Token copied</p> : null}
      {copied === 'manual' ? <p role="status">The clipboard is not available here; select the token above and copy it.</p> : null}
      <form className="local-api__port" onSubmit={savePort}>
        <label>
          Port
          <input
            className="text-input" inputMode="numeric" value={portText} aria-invalid={port === null}
            onChange={(event) => setPortText(event.target.value)} data-testid="local-api-port"
          />
        </label>
        <button type="submit" className="button" disabled={working || port === null || port === setting.port} data-testid="local-api-save-port">
          Use this port
        </button>
        {port === null ? <span className="local-api__hint">A port is a number from 1024 to 65535.</span> : null}
      </form>
      <p>Try it: this lists the model, whose id apps then name in their requests.</p>
      <pre className="local-api__example" data-testid="local-api-example">{example}</pre>
      {error ? (
        <p className="vault__error" role="alert">
          <strong>{error.message}</strong> {error.action}
        </p>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Make a new token?" keepLabel="Keep this token" confirmLabel="Make a new token"
          onConfirm={newToken} onCancel={() => setConfirming(false)} testId="local-api-new-token-dialog" confirmTestId="local-api-new-token-confirm"
        >
          Apps using the current token stop working at once, until you give them the new one.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
