/**
 * The screen shown when the key is right but the data file cannot be used:
 * a damaged file offers a backup and an export of what can be read; a
 * missing one says so, and offers only a backup, there being nothing to read.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { HearthApi } from '../../../src/api/index.ts';
import { DamagedScreen } from '../../../renderer/src/vault/DamagedScreen.tsx';

// A static render runs no effects, so the screen never calls the API here.
const api = {} as HearthApi;
const render = (missing: boolean) => renderToStaticMarkup(createElement(DamagedScreen, { api, missing, onOpened: () => {} }));

describe('the screen for data that cannot be opened', () => {
  it('says a damaged file is damaged, and offers to export what can be read', () => {
    const html = render(false);
    expect(html).toContain('Your Hearth data file is damaged');
    expect(html).toContain('Export what can be read');
  });

  it('says a missing file is missing, that nothing was started in its place, and offers no export', () => {
    const html = render(true);
    expect(html).toContain('Your Hearth data file is missing');
    expect(html).toContain('Hearth has not started a new one in its place');
    expect(html).toContain('Open a backup');
    expect(html).not.toContain('is damaged');
    expect(html).not.toContain('Export what can be read');
  });
});
