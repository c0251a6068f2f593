/** Where the user sees how their data is protected, and changes how. */
import { useEffect, useState } from 'react';
import type { AppInfo, HearthApi, VaultStatus } from '../../../src/api/index.ts';
import { ChangePassphraseForm } from './ChangePassphraseForm.tsx';
import { DiagnosticsSection } from './DiagnosticsSection.tsx';
import { ExportSection } from './ExportSection.tsx';
import { LocalApiSection } from './LocalApiSection.tsx';
import { WipeSection } from './WipeSection.tsx';
import '../vault/vault.css';
import './privacy.css';

export function PrivacyPage({ api }: { api: HearthApi }) {
  const [vault, setVault] = useState<VaultStatus | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    void api.call('vault.status', {}).then(setVault, () => undefined);
    void api.call('app.info', {}).then(setInfo, () => undefined);
  }, [api]);

  return (
    <main className="privacy" data-testid="privacy-page">
      <h1>Privacy</h1>
      <section className="privacy__section">
        <h2>Encryption</h2>
        <p>
          Everything Hearth keeps (chats, memories, documents) is in one encrypted file on this computer
          {info ? <> in <code>{info.dataDir}</code></> : null}. Nothing is sent anywhere unless you choose a remote
          provider for a question.
        </p>
        {vault?.protection === 'keychain' ? (
          <p>Its key is kept by your system keychain, so your login unlocks it.</p>
        ) : vault ? (
          <ChangePassphraseForm api={api} minChars={vault.minPassphraseChars} />
        ) : null}
      </section>
      <LocalApiSection api={api} />
      <ExportSection api={api} />
      <WipeSection api={api} />
      <DiagnosticsSection api={api} dataDir={info?.dataDir ?? null} />
    </main>
  );
}
