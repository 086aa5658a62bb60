import { useId, type InputHTMLAttributes } from 'react';

/**
 * A labelled input with its own error line: the label is tied to the input (tests and
 * screen readers find it by label), the error is linked with aria-describedby and
 * marks the input aria-invalid, so the cashier sees what to fix next to the field.
 */
export function FormField(
  props: { label: string; error?: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>,
) {
  const { label, error, hint, ...input } = props;
  const id = useId();
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
