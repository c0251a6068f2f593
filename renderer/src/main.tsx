import './theme/apply-theme.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { getHearth } from './bridge/getHearth.ts';
import { HearthProvider } from './state/HearthProvider.tsx';
import { VaultGate } from './vault/VaultGate.tsx';
import { WalletRoot } from './wallet/WalletRoot.tsx';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('Hearth: the page has no #root element.');

const bridge = getHearth();
createRoot(root).render(
  <StrictMode>
    <VaultGate bridge={bridge}>
      <HearthProvider bridge={bridge}>
        <WalletRoot api={bridge.api}>
          <App />
        </WalletRoot>
      </HearthProvider>
    </VaultGate>
  </StrictMode>,
);
