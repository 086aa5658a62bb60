import { Field } from '../../components/Field';

/**
 * The user-name box every signed-out screen starts with: first focus, the browser's
 * username autocomplete, and the 40-character limit of the contract's `username`.
 */
export function UsernameField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field
      label={label}
      autoComplete="username"
      required
      maxLength={40}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      autoFocus
    />
  );
}
