import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/use-format';
import { formatDaysAgo } from '../../lib/dates';
import { useMemberEvents } from '../members/member-events';
import type { MemberInsightsDto } from '../../../../shared/contract/reports';
import './reports.css';

/**
 * For the member view at the counter: the member's RFM segment (with what it means)
 * and what they can redeem now or are closest to ("120 pts to Free coffee").
 * It re-reads after every award, redemption or refund (the points area's
 * `pointsChanged` signal), so the suggestions follow the balance.
 *
 * Mount: `<MemberInsightsPanel memberId={member.id} />` in the member view.
 */
export function MemberInsightsPanel({ memberId }: { memberId: string }) {
  const { t } = useTranslation(['reports', 'shell']);
  const { money, locale } = useFormat();
  const [data, setData] = useState<MemberInsightsDto | null>(null);
  const pointsVersion = useMemberEvents((s) => s.pointsVersion);

  useEffect(() => {
    let live = true;
    void call('reports:memberInsights', { memberId }).then((r) => {
      if (live && r.ok) setData(r.value);
    });
    return () => {
      live = false;
    };
  }, [memberId, pointsVersion]);

  if (!data || data.memberId !== memberId) return null;
  return (
    <section className="member-insights" aria-label={t('insightsTitle')}>
      <p>
        <span className={`segment segment-${data.segment}`} title={t(`segmentHint_${data.segment}`)}>
          {t(`segment_${data.segment}`)}
        </span>{' '}
        <small>
          {data.recencyDays === null
            ? t('rfmNever')
            : t('rfmLine', {
                lastVisit: formatDaysAgo(data.recencyDays, locale),
                count: data.frequency,
                spend: money(data.monetaryMinor),
              })}
        </small>
      </p>
      {data.affordable.length > 0 ? (
        <p>{t('canRedeem', { rewards: data.affordable.map((a) => a.name).join(t('shell:listSeparator')) })}</p>
      ) : (
        <p>{t('nothingAffordable')}</p>
      )}
      {data.next ? (
        <p className="next-reward">{t('nextReward', { points: data.next.pointsNeeded, reward: data.next.name })}</p>
      ) : null}
    </section>
  );
}
