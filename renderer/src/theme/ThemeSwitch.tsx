/** The "Appearance" switch in the page header: System, Light or Dark, as one group of radio buttons. */
import { useId } from 'react';
import type { ThemeChoice } from './theme-choice.ts';
import { useTheme } from './useTheme.ts';
import './theme-switch.css';

const options: readonly [ThemeChoice, string][] = [
  ['system', 'System'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];

export function ThemeSwitch() {
  const [choice, choose] = useTheme();
  const labelId = useId();
  return (
    <div className="theme-switch" role="radiogroup" aria-labelledby={labelId} data-testid="theme-switch">
      <span id={labelId} className="theme-switch__label">Appearance</span>
      {options.map(([value, label]) => (
        <label key={value} className="theme-switch__option">
          <input
            type="radio" name="hearth-theme" className="visually-hidden" value={value}
            checked={choice === value} onChange={() => choose(value)} data-testid={`theme-${value}`}
          />
          {label}
        </label>
      ))}
    </div>
  );
}
