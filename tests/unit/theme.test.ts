/**
 * The Appearance choice: what is remembered, what a page opened later
 * shows, and that every colour of the palette has a light and a dark value
 * (a colour with one value would look the same in both themes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyThemeChoice, readThemeChoice, storeThemeChoice, themeStorageKey } from '../../renderer/src/theme/theme-choice.ts';

/** The browser's localStorage, which Node does not have. */
function storageDouble(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('the Appearance choice', () => {
  it('follows the system until the person chooses', () => {
    expect(readThemeChoice(storageDouble())).toBe('system');
  });

  it('is remembered: a page opened later reads the same choice', () => {
    const storage = storageDouble();
    storeThemeChoice(storage, 'dark');
    expect(readThemeChoice(storage)).toBe('dark');
    storeThemeChoice(storage, 'light');
    expect(readThemeChoice(storage)).toBe('light');
  });

  it('falls back to the system for a value it does not know, or when storage is refused', () => {
    expect(readThemeChoice(storageDouble({ [themeStorageKey]: 'sepia' }))).toBe('system');
    const refused = { getItem: () => { throw new DOMException('The operation is insecure.', 'SecurityError'); } };
    expect(readThemeChoice(refused)).toBe('system');
  });

  it('reaches the page as data-theme on the root element', () => {
    const root = { dataset: {} as DOMStringMap };
    applyThemeChoice(root, 'dark');
    expect(root.dataset.theme).toBe('dark');
    applyThemeChoice(root, 'system');
    expect(root.dataset.theme).toBe('system');
  });
});

describe('the palette', () => {
  it('gives every colour a light and a dark value', () => {
    const css = fs.readFileSync(path.resolve(import.meta.dirname, '../../renderer/src/styles.css'), 'utf8');
    const palette = /:root \{([^}]*)\}/.exec(css)?.[1] ?? '';
    const colours = [...palette.matchAll(/(--[\w-]+): ([^;]*#[^;]*);/g)];
    expect(colours.length).toBeGreaterThan(10);
    for (const [, name, value] of colours) expect(value, name).toMatch(/^light-dark\(#[0-9a-f]{3,8}, #[0-9a-f]{3,8}\)$/);
  });
});
