import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { Field } from '../../components/Field';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { PasswordPair } from './PasswordPair';
import { UsernameField } from './UsernameField';

/** A staff member who forgot their password sets a new one with a manager's one-time code. */
export function ResetWithCodePage({ onBack }: { onBack(): void }) {
  const { t } = useTranslation('auth');
  const [username, setUsername] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState('');
  const [isDone, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirm) return setError(t('account.mismatch'));
    const r = await call('auth:resetWithCode', { username: username.trim(), code: code.trim(), newPassword: password });
    if (!r.ok)
      return setError(
        r.error.code === 'UNAUTHENTICATED' ? t('reset.wrong') : describeError(t, 'auth:resetWithCode', r.error),
      );
    setError('');
    setDone(true);
  };

  return (
    <section className="card narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">{t('reset.title')}</h1>
      <p>{t('reset.intro')}</p>
      {isDone ? (
        <StatusMessage>{t('reset.done')}</StatusMessage>
      ) : (
        <form onSubmit={submit}>
          <UsernameField label={t('reset.username')} value={username} onChange={setUsername} />
          <Field
            label={t('reset.code')}
            required
            maxLength={40}
            autoComplete="one-time-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <PasswordPair
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
            passwordLabel={t('reset.newPassword')}
            confirmLabel={t('reset.confirmPassword')}
          />
          <ErrorMessage>{error}</ErrorMessage>
          <button type="submit" className="primary">
            {t('reset.submit')}
          </button>
        </form>
      )}
      <div className="links">
        <button type="button" className="link" onClick={onBack}>
          {t('reset.back')}
        </button>
      </div>
    </section>
  );
}
