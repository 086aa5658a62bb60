import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../components/Messages';
import { PasswordPair } from './PasswordPair';
import { RecoveryKeyPanel } from './RecoveryKeyPanel';
import { UsernameField } from './UsernameField';

/** The owner who forgot: recovery key → new password; the spent key is replaced and shown once. */
export function RecoverOwnerPage({ onBack }: { onBack(): void }) {
  const { t } = useTranslation('auth');
  const [username, setUsername] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState('');
  const [newKey, setNewKey] = useState<string | null>(null);

  if (newKey) return <RecoveryKeyPanel recoveryKey={newKey} intro={t('recover.newKeyIntro')} onDone={onBack} />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirm) return setError(t('account.mismatch'));
    const r = await call('auth:recoverOwner', {
      username: username.trim(),
      recoveryKey: recoveryKey.trim(),
      newPassword: password,
    });
    if (!r.ok)
      return setError(
        r.error.code === 'UNAUTHENTICATED' ? t('recover.wrong') : describeError(t, 'auth:recoverOwner', r.error),
      );
    setError('');
    setNewKey(r.value.recoveryKey);
  };

  return (
    <section className="card narrow" aria-labelledby="recover-title">
      <h1 id="recover-title">{t('recover.title')}</h1>
      <p>{t('recover.intro')}</p>
      <form onSubmit={submit}>
        <UsernameField label={t('recover.username')} value={username} onChange={setUsername} />
        <Field
          label={t('recover.recoveryKey')}
          required
          maxLength={80}
          autoComplete="off"
          value={recoveryKey}
          onChange={(e) => setRecoveryKey(e.target.value)}
        />
        <PasswordPair
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          passwordLabel={t('recover.newPassword')}
          confirmLabel={t('recover.confirmPassword')}
        />
        <ErrorMessage>{error}</ErrorMessage>
        <button type="submit" className="primary">
          {t('recover.submit')}
        </button>
      </form>
      <div className="links">
        <button type="button" className="link" onClick={onBack}>
          {t('reset.back')}
        </button>
      </div>
    </section>
  );
}
