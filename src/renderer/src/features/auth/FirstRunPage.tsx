import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../components/Messages';
import { PasswordPair } from './PasswordPair';
import { RecoveryKeyPanel } from './RecoveryKeyPanel';
import { UsernameField } from './UsernameField';

/** First run: no staff exist yet. Creates the owner, then shows the recovery key once. */
export function FirstRunPage({ onDone }: { onDone(): void }) {
  const { t } = useTranslation('auth');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);

  if (recoveryKey) {
    return <RecoveryKeyPanel recoveryKey={recoveryKey} intro={t('recoveryKey.intro')} onDone={onDone} />;
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirm) return setError(t('firstRun.mismatch'));
    setBusy(true);
    const r = await call('auth:setupOwner', { username: username.trim(), displayName, password });
    setBusy(false);
    if (!r.ok) return setError(describeError(t, 'auth:setupOwner', r.error));
    setError('');
    setRecoveryKey(r.value.recoveryKey);
  };

  return (
    <section className="card narrow" aria-labelledby="first-run-title">
      <h1 id="first-run-title">{t('firstRun.title')}</h1>
      <p>{t('firstRun.intro')}</p>
      <form onSubmit={submit}>
        <UsernameField label={t('firstRun.username')} value={username} onChange={setUsername} />
        <Field
          label={t('firstRun.displayName')}
          required
          maxLength={80}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <PasswordPair
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          passwordLabel={t('firstRun.password')}
          confirmLabel={t('firstRun.confirmPassword')}
        />
        <ErrorMessage>{error}</ErrorMessage>
        <button type="submit" className="primary" disabled={isBusy}>
          {t('firstRun.create')}
        </button>
      </form>
    </section>
  );
}
