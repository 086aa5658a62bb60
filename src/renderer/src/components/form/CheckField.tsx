import type { ReactNode } from 'react';
import { describedBy, useFieldIds } from './use-field-ids';
import { FieldNote } from './FieldNote';
import './form.css';

/** A checkbox with its label beside it; box and label together are one ≥ 44 px target. */
export function CheckField(props: {
  label: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  hint?: ReactNode;
  id?: string;
  disabled?: boolean;
}) {
  const { controlId, noteId } = useFieldIds(props.id);
  const hasNote = props.hint !== undefined && props.hint !== null && props.hint !== '';
  return (
    <div className="check-field">
      <div className="check">
        <input
          id={controlId}
          type="checkbox"
          checked={props.checked}
          disabled={props.disabled}
          aria-describedby={describedBy(hasNote && noteId)}
          onChange={(e) => props.onChange(e.target.checked)}
        />
        <label htmlFor={controlId}>{props.label}</label>
      </div>
      <FieldNote id={noteId} hint={props.hint} />
    </div>
  );
}
