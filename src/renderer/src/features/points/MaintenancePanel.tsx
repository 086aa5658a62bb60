import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { BULK_CLEAR_CONFIRMATION } from '../../../../shared/contract/points';
import { describeError } from '../../lib/describe-error';
import { dateInputToLocalMidnight } from './rules-form';
import { useOperationAttempt } from '../../lib/use-operation-attempt';
import { usePointsFormat } from './use-points-format';

/**
 * Programme maintenance for managers: bulk clear (reason + the exact confirmation
 * phrase typed, optionally only members inactive since a date), run the expiry now,
 * and check that every cached balance equals the sum of its ledger entries.
 *
 * The phrase the manager types is in the UI language (`maintenance.confirmPhrase`:
 * "CLEAR ALL POINTS", "清零全部积分") and is checked here; main's schema requires the
 * contract's language-neutral token BULK_CLEAR_CONFIRMATION, which only this screen sends.
 */
export function MaintenancePanel() {
  const { t } = useTranslation('points');
  const { pts } = usePointsFormat();
  const [reason, setReason] = useState('');
  const [inactiveSince, setInactiveSince] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const busy = useRef(false);
  const attempt = useOperationAttempt();
  const phrase = t('maintenance.confirmPhrase');
  const confirmed = typedPhrase(confirmation) === typedPhrase(phrase);

  const bulkClear = async (e: FormEvent) => {
    e.preventDefault();
    if (busy.current) return;
    if (reason.trim().length < 3) return setError(t('manager.reasonNeeded'));
    if (!confirmed) return setError(t('maintenance.confirmMismatch', { phrase }));
    const since = inactiveSince === '' ? undefined : dateInputToLocalMidnight(inactiveSince);
    if (since === null) return setError(t('maintenance.dateProblem'));
    const payload = { reason: reason.trim(), ...(since !== undefined ? { inactiveSince: since } : {}) };
    busy.current = true;
    const r = await call('points:bulkClear', {
      opId: attempt.opIdFor(JSON.stringify(payload)),
      confirmation: BULK_CLEAR_CONFIRMATION,
      ...payload,
    });
    busy.current = false;
    if (!r.ok) return setError(describeError(t, 'points:bulkClear', r.error));
    attempt.finish();
    setError('');
    setMessage(t('maintenance.cleared', { count: r.value.members, points: pts(r.value.pointsCleared) }));
    setReason('');
    setConfirmation('');
  };

  const runExpiry = async () => {
    const r = await call('points:runExpiry', {});
    if (!r.ok) return setError(describeError(t, 'points:runExpiry', r.error));
    setError('');
    setMessage(t('maintenance.expired', { count: r.value.members, points: pts(r.value.pointsExpired) }));
  };

  const checkLedger = async () => {
    const r = await call('points:checkLedger', {});
    if (!r.ok) return setError(describeError(t, 'points:checkLedger', r.error));
    setError('');
    setMessage(
      r.value.ok
        ? t('maintenance.ledgerOk', { count: r.value.membersChecked })
        : t('maintenance.ledgerBad', { count: r.value.mismatches.length }),
    );
  };

  return (
    <section className="card rules-section" aria-labelledby="maintenance-title">
      <h2 id="maintenance-title">{t('maintenance.title')}</h2>
      <div className="actions">
        <button type="button" onClick={() => void runExpiry()}>
          {t('maintenance.runExpiry')}
        </button>
        <button type="button" onClick={() => void checkLedger()}>
          {t('maintenance.checkLedger')}
        </button>
      </div>
      <form aria-label={t('maintenance.bulkForm')} onSubmit={bulkClear} className="narrow">
        <h3>{t('maintenance.bulkTitle')}</h3>
        <p className="hint">{t('maintenance.bulkExplain')}</p>
        <div className="field">
          <label htmlFor="bulk-reason">{t('manager.reason')}</label>
          <input id="bulk-reason" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="bulk-since">{t('maintenance.inactiveSince')}</label>
          <input id="bulk-since" type="date" value={inactiveSince} onChange={(e) => setInactiveSince(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="bulk-confirm">{t('maintenance.typeConfirm', { phrase })}</label>
          <input
            id="bulk-confirm"
            autoComplete="off"
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
          />
        </div>
        <button type="submit" className="danger" disabled={!confirmed}>
          {t('maintenance.bulkSubmit')}
        </button>
      </form>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{message}</StatusMessage>
    </section>
  );
}

/** Full-width letters from an IME and stray spaces do not make a typed phrase wrong; case does. */
function typedPhrase(s: string): string {
  return s.normalize('NFKC').trim();
}
