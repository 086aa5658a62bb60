import { useRef, useState, type FormEvent } from 'react';
import { BOUNCE_MS } from './ConfirmStep';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { TextField } from '../../components/form';
import { useCommand } from '../../lib/use-command';
import { usePointsFormat } from './use-points-format';
import { useReportUnsaved } from '../../stores/counter-draft';

/** "+10", "-5", "− 5" → a signed whole number of points; null when it is not one. */
function parseSignedPoints(s: string): number | null {
  const m = /^\s*([+\-−]?)\s*(\d{1,10})\s*$/.exec(s);
  const value = m ? (m[1] === '-' || m[1] === '−' ? -1 : 1) * Number(m[2]) : 0;
  return !m || value === 0 || Math.abs(value) > 1_000_000_000 ? null : value;
}

/**
 * Manager corrections for the open member: adjust (+ or −) with a reason, and clear the
 * whole balance with a reason (asked twice: the second click names the points). Main
 * refuses both to cashiers whatever the screen shows; both are audited there. A double
 * Enter or a retry after a lost reply records each once (`useCommand`).
 */
export function ManagerMemberPanel(props: { memberId: string; balance: number | null }) {
  const { memberId, balance } = props;
  const { t } = useTranslation('points');
  const { pts } = usePointsFormat();
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [clearReason, setClearReason] = useState('');
  const [isConfirmingClear, setConfirmingClear] = useState(false);
  /** When "Yes, clear …" appeared: an Enter right after is the bounce of the one that asked. */
  const askedAt = useRef(0);
  const adjust = useCommand('points:adjust', {
    onSuccess: () => {
      setPoints('');
      setReason('');
      clear.reset();
    },
  });
  const clear = useCommand('points:clearMember', {
    onSuccess: () => {
      setClearReason('');
      adjust.reset();
    },
  });

  // Typing starts a new entry: the last outcome makes way, and the same values typed
  // again are a new attempt (a repeat press without typing still returns the first result).
  const newEntry = () => {
    if (adjust.result) adjust.reset();
    if (clear.result) clear.reset();
  };

  useReportUnsaved('manage', points.trim() !== '' || reason.trim() !== '' || clearReason.trim() !== '');

  const submitAdjust = (e: FormEvent) => {
    e.preventDefault();
    // Enter again after a success: the fields are empty, nothing to do.
    if (points.trim() === '' && reason.trim() === '' && adjust.result) return;
    const value = parseSignedPoints(points);
    if (value === null) return adjust.refuse(t('manager.pointsProblem'));
    if (reason.trim().length < 3) return adjust.refuse(t('manager.reasonNeeded'));
    void adjust.run({ memberId, points: value, reason: reason.trim() });
  };

  const submitClear = async (e: FormEvent) => {
    e.preventDefault();
    if (clearReason.trim() === '' && clear.result) return; // Enter again after a success
    if (clearReason.trim().length < 3) return clear.refuse(t('manager.reasonNeeded'));
    if (!isConfirmingClear) {
      askedAt.current = performance.now();
      setConfirmingClear(true);
      return;
    }
    await clear.run({ memberId, reason: clearReason.trim() });
    setConfirmingClear(false);
  };

  const done = adjust.result
    ? t('manager.adjusted', { points: pts(adjust.result.points, true), balance: pts(adjust.result.balanceAfter) })
    : clear.result
      ? t('manager.cleared', { points: pts(-clear.result.points) })
      : '';

  return (
    <div className="manager-panel">
      <form className="card" aria-label={t('manager.adjustForm')} onSubmit={submitAdjust}>
        <h3>{t('manager.adjustTitle')}</h3>
        <div className="award-fields">
          <TextField
            label={t('manager.points')}
            autoComplete="off"
            value={points}
            onChange={(e) => {
              newEntry();
              setPoints(e.target.value);
            }}
            hint={t('manager.pointsHint')}
          />
          <TextField
            label={t('manager.reason')}
            maxLength={200}
            value={reason}
            onChange={(e) => {
              newEntry();
              setReason(e.target.value);
            }}
          />
        </div>
        <button type="submit" className="primary" aria-disabled={adjust.busy || undefined}>
          {t('manager.adjust')}
        </button>
        <ErrorMessage>{adjust.errorText}</ErrorMessage>
      </form>
      <form className="card" aria-label={t('manager.clearForm')} onSubmit={(e) => void submitClear(e)}>
        <h3>{t('manager.clearTitle')}</h3>
        <TextField
          label={t('manager.reason')}
          maxLength={200}
          value={clearReason}
          onChange={(e) => {
            newEntry();
            setClearReason(e.target.value);
            setConfirmingClear(false);
          }}
        />
        <div className="actions">
          <button
            type="submit"
            className={isConfirmingClear ? 'danger' : undefined}
            onClick={(e) => {
              // Enter's implicit submit clicks this button with detail 0: right after the
              // question appeared it is the bounce of the Enter that asked (a pointer aims).
              if (isConfirmingClear && e.detail === 0 && performance.now() - askedAt.current < BOUNCE_MS) {
                e.preventDefault();
              }
            }}
            aria-disabled={clear.busy || undefined}
          >
            {isConfirmingClear ? t('manager.clearConfirm', { points: pts(balance ?? 0) }) : t('manager.clear')}
          </button>
          {isConfirmingClear ? (
            <button type="button" onClick={() => setConfirmingClear(false)}>
              {t('cancel')}
            </button>
          ) : null}
        </div>
        <ErrorMessage>{clear.errorText}</ErrorMessage>
      </form>
      <StatusMessage>{done}</StatusMessage>
    </div>
  );
}
