import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The dev server injects an inline script (React Fast Refresh preamble) that
 * the page's strict CSP would block, so the CSP meta tag is dropped in `vite`
 * dev only. Builds keep it.
 */
function dropCspInDev(): Plugin {
  return {
    name: 'hearth-drop-csp-in-dev',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/i, '');
    },
  };
}

export default defineConfig({
  root: 'renderer',
  // Electron loads the built page from file://, so asset paths must be relative.
  base: './',
  plugins: [react(), dropCspInDev()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No inline data: scripts or styles: everything is a file the CSP allows as 'self'.
    assetsInlineLimit: 0,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
