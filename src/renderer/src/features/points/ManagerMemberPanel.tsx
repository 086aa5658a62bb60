import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { describeError } from '../../lib/describe-error';
import { useOperationAttempt } from '../../lib/use-operation-attempt';
import { usePointsFormat } from './use-points-format';

/**
 * Manager corrections for the open member: adjust (+ or −) with a reason, and clear the
 * whole balance with a reason (asked twice: the second click names the points). Main
 * refuses both to cashiers whatever the screen shows; both are audited there.
 */
export function ManagerMemberPanel(props: { memberId: string; balance: number | null; onChanged(): void }) {
  const { memberId, balance, onChanged } = props;
  const { t } = useTranslation('points');
  const { pts } = usePointsFormat();
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [clearReason, setClearReason] = useState('');
  const [isConfirmingClear, setConfirmingClear] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const busy = useRef(false);
  const adjustAttempt = useOperationAttempt();
  const clearAttempt = useOperationAttempt();

  const adjust = async (e: FormEvent) => {
    e.preventDefault();
    if (busy.current) return;
    const m = /^\s*([+\-−]?)\s*(\d{1,10})\s*$/.exec(points);
    const value = m ? (m[1] === '-' || m[1] === '−' ? -1 : 1) * Number(m[2]) : 0;
    if (!m || value === 0 || Math.abs(value) > 1_000_000_000) return setError(t('manager.pointsProblem'));
    if (reason.trim().length < 3) return setError(t('manager.reasonNeeded'));
    busy.current = true;
    const payload = { memberId, points: value, reason: reason.trim() };
    const r = await call('points:adjust', { opId: adjustAttempt.opIdFor(JSON.stringify(payload)), ...payload });
    busy.current = false;
    if (!r.ok) return setError(describeError(t, 'points:adjust', r.error));
    adjustAttempt.finish();
    setError('');
    setDone(t('manager.adjusted', { points: pts(value, true), balance: pts(r.value.balanceAfter) }));
    setPoints('');
    setReason('');
    onChanged();
  };

  const clear = async (e: FormEvent) => {
    e.preventDefault();
    if (busy.current) return;
    if (clearReason.trim().length < 3) return setError(t('manager.reasonNeeded'));
    if (!isConfirmingClear) {
      setConfirmingClear(true);
      return;
    }
    busy.current = true;
    const payload = { memberId, reason: clearReason.trim() };
    const r = await call('points:clearMember', { opId: clearAttempt.opIdFor(JSON.stringify(payload)), ...payload });
    busy.current = false;
    setConfirmingClear(false);
    if (!r.ok) return setError(describeError(t, 'points:clearMember', r.error));
    clearAttempt.finish();
    setError('');
    setDone(t('manager.cleared', { points: pts(-r.value.points) }));
    setClearReason('');
    onChanged();
  };

  return (
    <div className="manager-panel">
      <form className="card" aria-label={t('manager.adjustForm')} onSubmit={adjust}>
        <h3>{t('manager.adjustTitle')}</h3>
        <div className="award-fields">
          <div className="field">
            <label htmlFor="adjust-points">{t('manager.points')}</label>
            <input
              id="adjust-points"
              autoComplete="off"
              value={points}
              onChange={(e) => setPoints(e.target.value)}
              aria-describedby="adjust-points-hint"
            />
            <p className="hint" id="adjust-points-hint">
              {t('manager.pointsHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="adjust-reason">{t('manager.reason')}</label>
            <input id="adjust-reason" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
        </div>
        <button type="submit" className="primary">
          {t('manager.adjust')}
        </button>
      </form>
      <form className="card" aria-label={t('manager.clearForm')} onSubmit={clear}>
        <h3>{t('manager.clearTitle')}</h3>
        <div className="field">
          <label htmlFor="clear-reason">{t('manager.reason')}</label>
          <input
            id="clear-reason"
            maxLength={200}
            value={clearReason}
            onChange={(e) => {
              setClearReason(e.target.value);
              setConfirmingClear(false);
            }}
          />
        </div>
        <div className="actions">
          <button type="submit" className={isConfirmingClear ? 'danger' : undefined}>
            {isConfirmingClear ? t('manager.clearConfirm', { points: pts(balance ?? 0) }) : t('manager.clear')}
          </button>
          {isConfirmingClear ? (
            <button type="button" onClick={() => setConfirmingClear(false)}>
              {t('cancel')}
            </button>
          ) : null}
        </div>
      </form>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{done}</StatusMessage>
    </div>
  );
}
