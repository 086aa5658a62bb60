import { useEffect, useRef, type ReactNode } from 'react';

/**
 * How long after the step appears an Enter/Space on Confirm is taken as the bounce (or
 * the impatient second Enter) of the press that opened it, and ignored: the cashier must
 * have had a moment to read what they confirm.
 */
export const BOUNCE_MS = 400;

/**
 * A confirm step inside a panel (not a modal: the rest of the counter stays usable):
 * what will happen in words, Confirm (focused) and Cancel (Esc). Used for a redemption
 * ("−500 pts → balance 479") and for an unusually large amount.
 */
export function ConfirmStep(props: {
  label: string;
  children: ReactNode;
  confirmText: string;
  cancelText: string;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { label, children, confirmText, cancelText, busy, onConfirm, onCancel } = props;
  const shownAt = useRef(0);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    shownAt.current = performance.now();
    confirmRef.current?.focus();
  }, []);
  return (
    <div
      className="confirm-step card"
      role="group"
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        // Esc here cancels the step only; it must not also close the member.
        e.preventDefault();
        e.stopPropagation();
        e.nativeEvent.stopImmediatePropagation();
        onCancel();
      }}
    >
      <p className="confirm-text">{children}</p>
      <div className="actions">
        <button
          ref={confirmRef}
          type="button"
          className="primary"
          aria-disabled={busy || undefined}
          onClick={(e) => {
            // Keyboard activation (detail 0) right after the step appeared is the bounce
            // of the Enter that opened it; a pointer lands here only by aiming.
            if (e.detail === 0 && performance.now() - shownAt.current < BOUNCE_MS) return;
            onConfirm();
          }}
        >
          {confirmText}
        </button>
        <button type="button" onClick={onCancel}>
          {cancelText}
        </button>
      </div>
    </div>
  );
}
