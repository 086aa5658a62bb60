import { useTranslation } from 'react-i18next';
import type { MemberPointsDto } from '../../../../shared/contract/points';
import { percentToMultiplier } from './decimal-input';
import { usePointsFormat } from './use-points-format';
import { ChainBalanceLine, useChainBalance } from '../sync/ChainBalance';

/**
 * Balance in large type, the tier badge, progress to the next tier, points expiring within
 * 30 days. In chain mode the balance is the chain's, with where it comes from beneath it,
 * and the tier says it comes from the chain's spend ("Gold (chain spend ¥1,200)").
 */
export function PointsSummary({ summary }: { summary: MemberPointsDto | null }) {
  const { t } = useTranslation('points');
  const { money, pts, locale } = usePointsFormat();
  const chain = useChainBalance(summary?.memberId);
  if (!summary) return <p className="hint">{t('loading')}</p>;
  const balance = chain ? chain.total : summary.balance;
  const soon = summary.expiringSoon;
  const firstExpiry = soon.lots[0]?.expiresAt;
  return (
    <div className="points-summary" role="group" aria-label={t('summary.label')}>
      <div className="balance">
        <span className="balance-label">{t('summary.balance')}</span>
        <span className="balance-big" aria-label={t('summary.balanceOf', { points: pts(balance) })}>
          {pts(balance)}
        </span>
        {chain ? <ChainBalanceLine balance={chain} /> : null}
      </div>
      <div className="summary-facts">
        {summary.tier ? (
          <span className="tier-badge" aria-label={t('summary.tierOf', { name: summary.tier.name })}>
            {summary.tier.name}
            {summary.tier.multiplierPercent !== 100 ? ` ×${percentToMultiplier(summary.tier.multiplierPercent)}` : ''}
          </span>
        ) : (
          <span className="tier-badge tier-none">{t('summary.noTier')}</span>
        )}
        {/* Chain mode: the tier is measured by the member's spend at every store (issue 12). */}
        {summary.tier && summary.chainSpendMinor !== null ? (
          <span className="hint tier-source">
            {t('summary.tierChainSpend', { amount: money(summary.rollingSpendMinor) })}
          </span>
        ) : null}
        {summary.nextTier ? (
          <span className="hint">
            {t('summary.nextTier', { amount: money(summary.nextTier.remainingMinor), name: summary.nextTier.name })}
          </span>
        ) : null}
        <span className={soon.points > 0 ? 'expiring warn' : 'expiring'}>
          {soon.points > 0 && firstExpiry !== undefined
            ? t('summary.expiring', {
                points: pts(soon.points),
                days: soon.withinDays,
                date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(firstExpiry),
              })
            : t('summary.nothingExpiring', { days: soon.withinDays })}
        </span>
      </div>
    </div>
  );
}
