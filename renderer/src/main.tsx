import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { getHearth } from './bridge/getHearth.ts';
import { HearthProvider } from './state/HearthProvider.tsx';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('Hearth: the page has no #root element.');

createRoot(root).render(
  <StrictMode>
    <HearthProvider bridge={getHearth()}>
      <App />
    </HearthProvider>
  </StrictMode>,
);
