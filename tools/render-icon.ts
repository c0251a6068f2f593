/**
 * Renders build/icon.svg to build/icon.png (1024 × 1024, transparent
 * corners) in Chromium, the only rasteriser every development machine
 * here has. electron-builder makes the macOS .icns and Windows .ico from
 * the PNG. Run after changing the SVG: node tools/render-icon.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { findBrowserHere } from '../tests/e2e/browser.ts';

const buildDir = path.resolve(import.meta.dirname, '..', 'build');
const svg = fs.readFileSync(path.join(buildDir, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: (await findBrowserHere()).executablePath, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: path.join(buildDir, 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
