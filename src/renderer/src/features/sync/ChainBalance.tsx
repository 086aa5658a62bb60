import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncBalanceDto } from '../../../../shared/contract/sync';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/use-format';
import { useQuery } from '../../lib/use-query';
import { usePointsFormat } from '../points/use-points-format';

/**
 * A member's chain balance, in chain mode only (a standalone terminal gets null and shows
 * its own ledger as always): head office's as last heard + this terminal's points head
 * office has not counted yet. Spending is decided by head office while online, so this is
 * the number the counter works with.
 */
export function useChainBalance(memberId: string | null | undefined): SyncBalanceDto | null {
  const status = useQuery('sync:status', {}, { keepPrevious: true }).data;
  const chain = status?.mode === 'chain';
  const query = useQuery('sync:balance', chain && memberId ? { memberId } : null, { keepPrevious: true });
  // A round in the background pulled newer balances: ask again.
  const pulledAt = status?.mode === 'chain' ? status.pulledAt : null;
  const { refetch } = query;
  useEffect(() => {
    if (pulledAt !== null) refetch();
  }, [pulledAt, refetch]);
  // Opening a member while online asks head office, in the background, for a hold of the
  // store's size (sync/holds.ts) so an outage mid-visit still lets the member spend here.
  // The counter never waits for it; a failure just leaves the offline allowance.
  const online = status?.mode === 'chain' && status.online;
  useEffect(() => {
    if (!online || !memberId) return;
    call('sync:hold', { memberId }).then(
      (r) => {
        if (r.ok && r.value.outcome === 'taken') refetch();
      },
      () => {},
    );
  }, [online, memberId, refetch]);
  const balance = query.data;
  return chain && balance && balance.memberId === memberId ? balance : null;
}

/** "1,240 pts (head office, 10:41) + 157 here". */
export function ChainBalanceLine({ balance }: { balance: SyncBalanceDto }) {
  const { t } = useTranslation('sync');
  const { pts } = usePointsFormat();
  const { locale, dateTime } = useFormat();
  const time = (ms: number) =>
    new Date(ms).toDateString() === new Date().toDateString()
      ? new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms)
      : dateTime(ms);
  const here = balance.here === 0 ? null : { sign: balance.here > 0 ? '+' : '−', points: pts(Math.abs(balance.here)) };
  const text =
    balance.headOffice === null
      ? t('balance.notYet', { here: pts(balance.here) })
      : t(here ? 'balance.withHere' : 'balance.headOffice', {
          headOffice: pts(balance.headOffice),
          time: balance.asOf === null ? '—' : time(balance.asOf),
          sign: here?.sign,
          here: here?.points,
        });
  return (
    <span className="chain-balance hint" aria-label={t('balance.label', { text })}>
      {text}
    </span>
  );
}
