import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { retryAfterMs } from '../../lib/errors';
import { useSession } from '../../stores/session';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../components/Messages';
import { BackoffMessage } from '../../components/BackoffMessage';
import { deadlineIn, useSecondsLeft, type Deadline } from '../../components/Countdown';
import { signOut } from './session-actions';

/**
 * The terminal is locked (idle or lock button). The session stays in main, which
 * answers LOCKED to everything but unlock and sign-out until the password is given.
 */
export function LockScreen() {
  const { t } = useTranslation('auth');
  const staff = useSession((s) => s.staff);
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [backoff, setBackoff] = useState<Deadline | null>(null);
  const secondsLeft = useSecondsLeft(backoff);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await call('auth:unlock', { password });
    setPassword('');
    if (r.ok) return useSession.getState().setLocked(false);
    const retry = retryAfterMs(r.error);
    if (retry !== null) {
      setError('');
      return setBackoff(deadlineIn(retry));
    }
    setBackoff(null);
    if (r.error.code === 'UNAUTHENTICATED') {
      setError(t('lock.wrong'));
      // A wrong password and a vanished session (staff deactivated) both say
      // UNAUTHENTICATED; asking who we are tells them apart (the client signs out).
      await call('auth:me', {});
    } else setError(describeError(t, 'auth:unlock', r.error));
  };

  return (
    <section className="card narrow" aria-labelledby="lock-title">
      <h1 id="lock-title">{t('lock.title')}</h1>
      <p>{t('lock.lockedFor', { name: staff?.displayName ?? '' })}</p>
      <form onSubmit={submit}>
        <Field
          label={t('lock.password')}
          type="password"
          autoComplete="current-password"
          required
          maxLength={200}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoFocus
        />
        <ErrorMessage>{error}</ErrorMessage>
        <BackoffMessage secondsLeft={secondsLeft} />
        <div className="actions">
          <button type="submit" className="primary">
            {t('lock.unlock')}
          </button>
          <button type="button" onClick={() => void signOut()}>
            {t('lock.signOut')}
          </button>
        </div>
      </form>
    </section>
  );
}
