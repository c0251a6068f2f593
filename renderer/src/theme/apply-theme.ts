/**
 * Imported first by main.tsx, so the remembered appearance is on <html>
 * before React renders anything (the CSP allows no inline script in
 * index.html to do it earlier).
 */
import { applyThemeChoice, readThemeChoice } from './theme-choice.ts';

applyThemeChoice(document.documentElement, readThemeChoice(localStorage));
