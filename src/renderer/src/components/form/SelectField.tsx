import type { ReactNode, Ref } from 'react';
import { describedBy, useFieldIds } from './use-field-ids';
import { FieldNote } from './FieldNote';
import './form.css';

export interface SelectFieldProps<V extends string> {
  label: string;
  value: V;
  onChange(value: V): void;
  options: readonly { value: V; label: string }[];
  hint?: ReactNode;
  error?: string;
  id?: string;
  name?: string;
  disabled?: boolean;
  fieldClassName?: string;
  ref?: Ref<HTMLSelectElement>;
}

/** A labelled select whose options are values with their (translated) labels. */
export function SelectField<V extends string>(props: SelectFieldProps<V>) {
  const { controlId, noteId } = useFieldIds(props.id);
  const hasNote = !!props.error || (props.hint !== undefined && props.hint !== null && props.hint !== '');
  return (
    <div className={['field', props.fieldClassName].filter(Boolean).join(' ')}>
      <label htmlFor={controlId}>{props.label}</label>
      <select
        ref={props.ref}
        id={controlId}
        name={props.name}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(hasNote && noteId)}
        onChange={(e) => props.onChange(e.target.value as V)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldNote id={noteId} hint={props.hint} error={props.error} />
    </div>
  );
}
