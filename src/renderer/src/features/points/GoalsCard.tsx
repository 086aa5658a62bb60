import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/Messages';
import { useCommand } from '../../lib/use-command';
import { useQuery } from '../../lib/use-query';
import type { GoalProgressDto, VoucherDto } from '../../../../shared/contract/points-goals-schema';
import { usePointsFormat } from './use-points-format';

/**
 * At the counter, under the balance: the member's cards (stamps, spend, units towards each
 * goal) and the vouchers they hold — pending (a refund may still take them back), usable
 * (Use marks it used, once), then used, expired or withdrawn.
 */
export function GoalsCard({ memberId }: { memberId: string }) {
  const { t } = useTranslation('points');
  const { money, dateTime } = usePointsFormat();
  const data = useQuery('points:memberGoals', { memberId }, { keepPrevious: true }).data;
  const use = useCommand('points:useVoucher');
  if (!data || (data.goals.length === 0 && data.vouchers.length === 0)) return null;
  const amount = (g: GoalProgressDto, n: number) => (g.measure === 'spend' ? money(n) : String(n));
  const shown = data.vouchers.filter((v) => v.status === 'pending' || v.status === 'available' || v.status === 'used');
  const describe = (v: VoucherDto) =>
    v.kind === 'amountOff' && v.valueMinor !== null ? `${v.name} (${money(v.valueMinor)})` : v.name;
  return (
    <section className="card goals-card" aria-label={t('goals.counterLabel')}>
      <ul className="goal-progress">
        {data.goals.map((g) => (
          <li key={g.goalKey} aria-label={t('goals.progressOf', { name: g.name })}>
            <strong>{g.name}</strong>{' '}
            {t('goals.progress', { balance: amount(g, g.balance), target: amount(g, g.target) })}
            <progress max={g.target} value={g.balance} aria-hidden="true" />
          </li>
        ))}
      </ul>
      {shown.length > 0 ? (
        <ul className="vouchers" aria-label={t('goals.vouchers')}>
          {shown.slice(0, 10).map((v) => (
            <li key={v.id}>
              <span>{describe(v)}</span>{' '}
              <span className="hint">
                {v.status === 'pending'
                  ? t('goals.pendingUntil', { date: dateTime(v.availableFrom) })
                  : v.status === 'used'
                    ? t('goals.usedAt', { date: dateTime(v.usedAt ?? v.createdAt) })
                    : v.expiresAt !== null
                      ? t('goals.usableUntil', { date: dateTime(v.expiresAt) })
                      : t('goals.usable')}
              </span>
              {v.status === 'available' ? (
                <button
                  type="button"
                  aria-disabled={use.busy || undefined}
                  onClick={() => void use.run({ memberId, voucherId: v.id })}
                >
                  {t('goals.use', { name: v.name })}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorMessage>{use.errorText}</ErrorMessage>
    </section>
  );
}
