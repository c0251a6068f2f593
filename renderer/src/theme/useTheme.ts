/** The appearance choice as React state: a change applies at once and is remembered. */
import { useCallback, useState } from 'react';
import { applyThemeChoice, readThemeChoice, storeThemeChoice, type ThemeChoice } from './theme-choice.ts';

export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState(() => readThemeChoice(localStorage));
  const choose = useCallback((next: ThemeChoice) => {
    applyThemeChoice(document.documentElement, next);
    storeThemeChoice(localStorage, next);
    setChoice(next);
  }, []);
  return [choice, choose];
}
