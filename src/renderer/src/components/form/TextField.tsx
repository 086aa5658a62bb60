import type { ComponentProps, ReactNode } from 'react';
import { describedBy, useFieldIds } from './use-field-ids';
import { FieldNote } from './FieldNote';
import './form.css';

export type TextFieldProps = {
  label: string;
  hint?: ReactNode;
  /** Shown in place of the hint, and marks the input invalid. */
  error?: string;
  /** The label is read out but not shown (a cell in a table of rows). */
  hideLabel?: boolean;
  /** Class of the wrapper (`className` goes to the input). */
  fieldClassName?: string;
} & ComponentProps<'input'>;

/**
 * A labelled input: the <label> is tied to it by id (tests and screen readers find it by
 * its label), the hint or error under it is linked with aria-describedby.
 */
export function TextField(props: TextFieldProps) {
  const { label, hint, error, hideLabel, fieldClassName, id, ...input } = props;
  const { controlId, noteId } = useFieldIds(id);
  const hasNote = !!error || (hint !== undefined && hint !== null && hint !== '');
  return (
    <div className={['field', fieldClassName].filter(Boolean).join(' ')}>
      <label htmlFor={controlId} className={hideLabel ? 'sr-only' : undefined}>
        {label}
      </label>
      <input
        {...input}
        id={controlId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(input['aria-describedby'], hasNote && noteId)}
      />
      <FieldNote id={noteId} hint={hint} error={error} />
    </div>
  );
}
