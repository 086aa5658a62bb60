import type { ReactNode } from 'react';

/**
 * The line under a control: its error when there is one, otherwise its hint. One line,
 * so the layout does not jump when an error appears. The error is not an alert of its
 * own: the form's summary is, and the control that has the error takes the focus.
 */
export function FieldNote({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  if (!error && (hint === undefined || hint === null || hint === '')) return null;
  return (
    <p className={error ? 'hint field-error' : 'hint'} id={id}>
      {error || hint}
    </p>
  );
}
