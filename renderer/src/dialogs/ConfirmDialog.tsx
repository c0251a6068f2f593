/** Asks before something destructive: the safe choice has the focus, the destructive one is red. */
import type { ReactNode } from 'react';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  keepLabel: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  testId: string;
  confirmTestId: string;
}

export function ConfirmDialog({ title, children, keepLabel, confirmLabel, onConfirm, onCancel, testId, confirmTestId }: ConfirmDialogProps) {
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby={`${testId}-title`} aria-describedby={`${testId}-text`} data-testid={testId}>
        <h3 id={`${testId}-title`}>{title}</h3>
        <p id={`${testId}-text`}>{children}</p>
        <div className="dialog__buttons">
          <button type="button" className="button" onClick={onCancel} autoFocus>
            {keepLabel}
          </button>
          <button type="button" className="button button--stop" onClick={onConfirm} data-testid={confirmTestId}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
