import type { ReactNode } from 'react';
import { TextField } from '../../components/form';
import type { RulesDraft } from './rules-form';
import type { RulesDraftForm } from './use-rules-draft';
import './rules-editor.css';

/** The draft's free-text fields (not the selects' fixed choices). */
type TextKey = { [K in keyof RulesDraft]: string extends RulesDraft[K] ? K : never }[keyof RulesDraft];

/** One typed value of the rule set, with the problem at its RuleSet `path` in place of its hint. */
export function DraftField(props: {
  form: RulesDraftForm;
  name: TextKey;
  path: string;
  label: string;
  hint?: ReactNode;
  inputMode?: 'decimal' | 'numeric';
}) {
  const { form, name, path } = props;
  return (
    <TextField
      label={props.label}
      inputMode={props.inputMode ?? 'decimal'}
      autoComplete="off"
      value={form.draft[name]}
      error={form.problem(path)}
      hint={props.hint}
      onChange={(e) => form.set(name, e.target.value)}
    />
  );
}

/** A value inside a row of a table: labelled for screen readers and tests, no visible label. */
export function CellField(props: { label: string; value: string; problem?: string; onChange(v: string): void }) {
  return (
    <TextField
      label={props.label}
      hideLabel
      fieldClassName="field-cell"
      autoComplete="off"
      value={props.value}
      error={props.problem}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

/**
 * A problem the contract found over a whole list (tiers not increasing, a category
 * twice): shown under that list, and focusable so a refused save can land on it.
 */
export function ListProblem({ text }: { text?: string }) {
  if (!text) return null;
  return (
    <p className="problem-note" tabIndex={-1} data-problem>
      {text}
    </p>
  );
}

/** Rows the manager adds and removes (tiers, multipliers), one labelled cell per column. */
export function RowsTable<R extends { key: number }>(props: {
  label: string;
  columns: string[];
  rows: R[];
  cells(row: R, i: number): ReactNode[];
  onRemove(key: number): void;
  removeLabel(i: number): string;
}) {
  if (props.rows.length === 0) return null;
  return (
    <table aria-label={props.label}>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          <td />
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={row.key}>
            {props.cells(row, i).map((c, j) => (
              <td key={j}>{c}</td>
            ))}
            <td>
              <button type="button" aria-label={props.removeLabel(i)} onClick={() => props.onRemove(row.key)}>
                ×
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
