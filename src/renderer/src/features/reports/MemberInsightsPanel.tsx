import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/use-format';
import type { MemberInsightsDto } from '../../../../shared/contract/reports';
import './reports.css';

/**
 * For the member view at the counter: the member's RFM segment (with what it means)
 * and what they can redeem now or are closest to ("120 pts to Free coffee").
 * `refreshKey` changes after an award or redemption so the suggestions follow.
 */
export function MemberInsightsPanel({ memberId, refreshKey }: { memberId: string; refreshKey?: unknown }) {
  const { t } = useTranslation('reports');
  const { money } = useFormat();
  const [data, setData] = useState<MemberInsightsDto | null>(null);

  useEffect(() => {
    let live = true;
    void call('reports:memberInsights', { memberId }).then((r) => {
      if (live && r.ok) setData(r.value);
    });
    return () => {
      live = false;
    };
  }, [memberId, refreshKey]);

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
            : t('rfmLine', { days: data.recencyDays, count: data.frequency, spend: money(data.monetaryMinor) })}
        </small>
      </p>
      {data.affordable.length > 0 ? (
        <p>
          {t('canRedeem')}: {data.affordable.map((a) => a.name).join(', ')}
        </p>
      ) : (
        <p>{t('nothingAffordable')}</p>
      )}
      {data.next ? (
        <p className="next-reward">{t('nextReward', { points: data.next.pointsNeeded, reward: data.next.name })}</p>
      ) : null}
    </section>
  );
}
