import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { retryAfterMs } from '../../lib/errors';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../components/Messages';
import { BackoffMessage } from '../../components/BackoffMessage';
import { deadlineIn, useSecondsLeft, type Deadline } from '../../components/Countdown';
import { completeSignIn } from './session-actions';
import { UsernameField } from './UsernameField';
import { takeSignInPrefill } from './sign-in-prefill';

/** Sign-in. After 5 failures main answers LOCKED with the back-off time, shown as a countdown. */
export function SignInPage(props: { onResetWithCode(): void; onRecoverOwner(): void }) {
  const { t } = useTranslation('auth');
  // Right after first run the owner's user name is already there: only the password to type.
  const [prefilled] = useState(() => takeSignInPrefill());
  const [username, setUsername] = useState(prefilled ?? '');
  const passwordRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (prefilled) passwordRef.current?.focus();
  }, [prefilled]);
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [backoff, setBackoff] = useState<Deadline | null>(null);
  const [isBusy, setBusy] = useState(false);
  const secondsLeft = useSecondsLeft(backoff);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await call('auth:signIn', { username: username.trim(), password });
    setBusy(false);
    if (r.ok) return completeSignIn(r.value);
    const retry = retryAfterMs(r.error);
    if (retry !== null) {
      setError('');
      setBackoff(deadlineIn(retry));
    } else {
      setBackoff(null);
      setError(r.error.code === 'UNAUTHENTICATED' ? t('signIn.wrong') : describeError(t, 'auth:signIn', r.error));
    }
    setPassword('');
  };

  return (
    <section className="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <form onSubmit={submit}>
        <UsernameField label={t('signIn.username')} value={username} onChange={setUsername} autoFocus={!prefilled} />
        <Field
          label={t('signIn.password')}
          ref={passwordRef}
          type="password"
          autoComplete="current-password"
          required
          maxLength={200}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <ErrorMessage>{error}</ErrorMessage>
        <BackoffMessage secondsLeft={secondsLeft} />
        <button type="submit" className="primary" disabled={isBusy}>
          {t('signIn.submit')}
        </button>
      </form>
      <div className="links">
        <button type="button" className="link" onClick={props.onResetWithCode}>
          {t('signIn.forgot')}
        </button>
        <button type="button" className="link" onClick={props.onRecoverOwner}>
          {t('signIn.recover')}
        </button>
      </div>
    </section>
  );
}
