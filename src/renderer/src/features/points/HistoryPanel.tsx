import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { ErrorMessage } from '../../components/Messages';
import type { LedgerEntryDto } from '../../../../shared/contract/points';
import { describeError } from '../../lib/describe-error';
import { usePointsFormat } from './use-points-format';
import { reasonIn } from '../../../../shared/explain/facts';

const PAGE = 30;

/**
 * The member's ledger, newest first: what happened, the points, the balance after, the
 * explanation (award rule and receipt, redemption, refund policy) rendered from the
 * entry's stored facts in the UI language — older entries too — and any reason a
 * manager or cashier gave, with who did it. "Show older" pages back by entry id.
 */
export function HistoryPanel(props: { memberId: string; version: number }) {
  const { memberId, version } = props;
  const { t } = useTranslation('points');
  const { dateTime, pts, explain } = usePointsFormat();
  const [entries, setEntries] = useState<LedgerEntryDto[]>([]);
  const [hasMore, setMore] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    void call('points:history', { memberId, limit: PAGE }).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(describeError(t, 'points:history', r.error));
      setError('');
      setEntries(r.value);
      setMore(r.value.length === PAGE);
    });
    return () => {
      live = false;
    };
  }, [memberId, version, t]);

  const older = async () => {
    const last = entries[entries.length - 1];
    if (!last) return;
    const r = await call('points:history', { memberId, limit: PAGE, beforeId: last.id });
    if (!r.ok) return setError(describeError(t, 'points:history', r.error));
    setEntries([...entries, ...r.value]);
    setMore(r.value.length === PAGE);
  };

  return (
    <div className="history-panel">
      {entries.length === 0 ? (
        <p className="hint">{t('history.empty')}</p>
      ) : (
        <table aria-label={t('history.table')} className="history">
          <thead>
            <tr>
              <th scope="col">{t('history.when')}</th>
              <th scope="col">{t('history.what')}</th>
              <th scope="col">{t('history.points')}</th>
              <th scope="col">{t('history.balance')}</th>
              <th scope="col" className="details">
                {t('history.details')}
              </th>
              <th scope="col">{t('history.by')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{dateTime(e.createdAt)}</td>
                <td>{t(`kinds.${e.kind}`)}</td>
                <td className={e.points < 0 ? 'points-neg' : 'points-pos'}>{pts(e.points, true)}</td>
                <td>{pts(e.balanceAfter)}</td>
                <td className="details">
                  {explain(e.facts)}
                  {/* Adjustments, clears and voids say their reason inside the explanation. */}
                  {e.reason && reasonIn(e.facts) !== e.reason ? (
                    <span className="reason">{t('history.reason', { reason: e.reason })}</span>
                  ) : null}
                </td>
                <td>{e.staffName ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasMore ? (
        <button type="button" onClick={() => void older()}>
          {t('history.older')}
        </button>
      ) : null}
      <ErrorMessage>{error}</ErrorMessage>
    </div>
  );
}
