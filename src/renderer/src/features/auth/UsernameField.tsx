import { Field } from '../../components/Field';

/**
 * The user-name box every signed-out screen starts with: first focus, the browser's
 * username autocomplete, and the 40-character limit of the contract's `username`.
 */
export function UsernameField({
  label,
  value,
  onChange,
  autoFocus = true,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** False where another field comes first (first run starts with the store's language). */
  autoFocus?: boolean;
}) {
  return (
    <Field
      label={label}
      autoComplete="username"
      required
      maxLength={40}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      autoFocus={autoFocus}
    />
  );
}
