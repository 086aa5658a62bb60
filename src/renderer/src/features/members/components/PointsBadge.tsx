import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../lib/api';
import { useMemberEvents } from '../member-events';

interface PointsView {
  balance: number;
  tier: string | null;
}

/**
 * Balance (large) and tier, read from the points area's `points:memberSummary`. Until
 * that area answers (not built yet, or an error) it shows placeholders instead of
 * numbers that could be wrong. Re-reads when the points area signals a change.
 */
export function PointsBadge({ memberId }: { memberId: string }) {
  const { t, i18n } = useTranslation('members');
  const version = useMemberEvents((s) => s.pointsVersion);
  const [points, setPoints] = useState<PointsView | null>(null);

  useEffect(() => {
    let current = true;
    void call('points:memberSummary', { memberId }).then((r) => {
      if (!current) return;
      setPoints(r.ok ? { balance: r.value.balance, tier: r.value.tier?.name ?? null } : null);
    });
    return () => {
      current = false;
    };
  }, [memberId, version]);

  return (
    <div className="points-badge" aria-live="polite">
      <div>
        <span className="label">{t('member.balance')}</span>
        <span className="balance" data-testid="member-balance">
          {points ? new Intl.NumberFormat(i18n.language).format(points.balance) : '—'}
        </span>
      </div>
      <div>
        <span className="label">{t('member.tier')}</span>
        <span className="tier">{points ? (points.tier ?? t('member.noTier')) : '—'}</span>
      </div>
      {points ? null : <p className="hint">{t('member.pointsPending')}</p>}
    </div>
  );
}
