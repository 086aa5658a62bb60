import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field';

/** New password + confirmation, with the policy hint. */
export function PasswordPair(props: {
  password: string;
  confirm: string;
  onPassword(v: string): void;
  onConfirm(v: string): void;
  passwordLabel: string;
  confirmLabel: string;
}) {
  const { t } = useTranslation('auth');
  return (
    <>
      <Field
        label={props.passwordLabel}
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={200}
        value={props.password}
        onChange={(e) => props.onPassword(e.target.value)}
        hint={t('firstRun.passwordHint')}
      />
      <Field
        label={props.confirmLabel}
        type="password"
        autoComplete="new-password"
        required
        maxLength={200}
        value={props.confirm}
        onChange={(e) => props.onConfirm(e.target.value)}
      />
    </>
  );
}
