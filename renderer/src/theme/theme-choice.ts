/**
 * The appearance a person picks (follow the system, or always light or
 * dark), how it is remembered, and how it reaches the page: the stylesheet
 * colours everything with light-dark(), so setting `color-scheme` through
 * `data-theme` on <html> is all it takes, form controls and scrollbars
 * included.
 */
export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];

export const themeStorageKey = 'hearth.theme';

/** A stored value as a choice; nothing stored, or a value Hearth does not know, means "system". */
export function parseThemeChoice(stored: string | null): ThemeChoice {
  return themeChoices.find((choice) => choice === stored) ?? 'system';
}

export function readThemeChoice(storage: Pick<Storage, 'getItem'>): ThemeChoice {
  try {
    return parseThemeChoice(storage.getItem(themeStorageKey));
  } catch {
    // A browser that refuses storage to the page still gets a working page, following the system.
    return 'system';
  }
}

export function storeThemeChoice(storage: Pick<Storage, 'setItem'>, choice: ThemeChoice): void {
  storage.setItem(themeStorageKey, choice);
}

export function applyThemeChoice(root: Pick<HTMLElement, 'dataset'>, choice: ThemeChoice): void {
  root.dataset.theme = choice;
}
