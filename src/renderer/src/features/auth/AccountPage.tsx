import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { Field } from '../../components/Field';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { PasswordPair } from './PasswordPair';

/** Any signed-in staff member changes their own password here. */
export default function AccountPage() {
  const { t } = useTranslation(['auth', 'shell']);
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    if (password !== confirm) return setError(t('account.mismatch'));
    const r = await call('auth:changePassword', { currentPassword: current, newPassword: password });
    if (!r.ok) return setError(describeError(t, 'auth:changePassword', r.error));
    setError('');
    setCurrent('');
    setPassword('');
    setConfirm('');
    setDone(t('account.changed'));
  };

  return (
    <section className="page" aria-labelledby="account-title">
      <h1 id="account-title">{t('shell:pages.account')}</h1>
      <form className="card narrow" onSubmit={submit} aria-label={t('account.changePassword')}>
        <h2>{t('account.changePassword')}</h2>
        <Field
          label={t('account.currentPassword')}
          type="password"
          autoComplete="current-password"
          required
          maxLength={200}
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <PasswordPair
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          passwordLabel={t('account.newPassword')}
          confirmLabel={t('account.confirmPassword')}
        />
        <ErrorMessage>{error}</ErrorMessage>
        <StatusMessage>{done}</StatusMessage>
        <button type="submit" className="primary">
          {t('account.submit')}
        </button>
      </form>
    </section>
  );
}
