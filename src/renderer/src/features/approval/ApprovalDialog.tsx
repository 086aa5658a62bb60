import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { describeError } from '../../lib/describe-error';
import { retryAfterMs } from '../../lib/errors';
import { useFormat } from '../../lib/use-format';
import { Dialog, TextField } from '../../components/form';
import { ErrorMessage } from '../../components/Messages';
import { BackoffMessage } from '../../components/BackoffMessage';
import { deadlineIn, useSecondsLeft, type Deadline } from '../../components/Countdown';
import { useApproval, type ApprovalAsk } from './approval-store';

/**
 * "A manager must approve this": on the cashier's own screen, a manager or the owner
 * types their user name and password. Main checks them (with sign-in's back-off) and
 * approves that one operation for two minutes; the command is then sent again. Nobody
 * is signed in or out: the session stays the cashier's.
 */
export function ApprovalDialog() {
  const ask = useApproval((s) => s.ask);
  if (!ask) return null;
  return <ApprovalForm key={ask.requestId} ask={ask} />;
}

function ApprovalForm({ ask }: { ask: ApprovalAsk }) {
  const { t } = useTranslation('staff');
  const { money, locale } = useFormat();
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [backoff, setBackoff] = useState<Deadline | null>(null);
  const secondsLeft = useSecondsLeft(backoff);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const r = await call('staff:approve', { requestId: ask.requestId, username: username.trim(), password });
    setBusy(false);
    setPassword('');
    if (r.ok) return ask.settle(true);
    const retry = retryAfterMs(r.error);
    setBackoff(retry !== null ? deadlineIn(retry) : null);
    setError(retry !== null ? '' : describeError(t, 'staff:approve', r.error));
  };

  const num = (k: string) => (typeof ask.facts[k] === 'number' ? (ask.facts[k] as number) : 0);
  const why =
    ask.policy === 'awardLimit'
      ? t('approval.why.awardLimit', {
          total: money(num('totalMinor')),
          points: count(num('pointsEarned')),
          limit: money(num('limitMinor')),
          limitPoints: count(num('limitPoints')),
        })
      : ask.policy === 'reverseOld'
        ? t('approval.why.reverseOld', { minutes: num('ageMinutes'), limit: num('limitMinutes') })
        : ask.policy === 'reverseOthers'
          ? t('approval.why.reverseOthers')
          : ask.policy === 'contactReveal'
            ? t('approval.why.contactReveal')
            : ask.policy === 'adjustBelowZero'
              ? t('approval.why.adjustBelowZero', { points: count(num('points')), balance: count(num('balanceAfter')) })
              : t('approval.why.pinReset');

  return (
    <Dialog title={t('approval.title')} onClose={() => ask.settle(false)}>
      <p>{why}</p>
      <p className="hint">{t('approval.hint')}</p>
      <form onSubmit={submit}>
        <TextField
          label={t('approval.username')}
          autoComplete="off"
          required
          maxLength={40}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <TextField
          label={t('approval.password')}
          type="password"
          autoComplete="off"
          required
          maxLength={200}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <ErrorMessage>{error}</ErrorMessage>
        <BackoffMessage secondsLeft={secondsLeft} />
        <div className="actions">
          <button type="submit" className="primary" aria-disabled={busy || undefined}>
            {t('approval.approve')}
          </button>
          <button type="button" onClick={() => ask.settle(false)}>
            {t('approval.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
