import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import type { AffordableDto, RedemptionDto, RewardDto } from '../../../../shared/contract/rewards';
import type { RulesStateDto } from '../../../../shared/contract/points';
import { describeError } from '../../lib/describe-error';
import { useOperationAttempt } from '../../lib/use-operation-attempt';
import { usePointsFormat } from '../points/use-points-format';

/**
 * Redeem at the counter: every available reward, the ones the member can afford now
 * highlighted and enabled, the next one within reach spelled out ("120 pts to Free
 * coffee"), the member PIN when the rules ask for it, the coupon code after a coupon
 * redemption, and the member's recent redemptions with Void (reason required).
 */
export function RedeemPanel(props: {
  memberId: string;
  rules: RulesStateDto | null;
  version: number;
  /** Bumped by Alt+R: focus the PIN field or the first reward the member can afford. */
  focusRequest: number;
  onChanged(): void;
}) {
  const { memberId, rules, version, focusRequest, onChanged } = props;
  const { t } = useTranslation('rewards');
  const { money, dateTime, pts } = usePointsFormat();
  const [affordable, setAffordable] = useState<AffordableDto | null>(null);
  const [rewards, setRewards] = useState<RewardDto[]>([]);
  const [redemptions, setRedemptions] = useState<RedemptionDto[]>([]);
  const [pin, setPin] = useState('');
  const [done, setDone] = useState<RedemptionDto | null>(null);
  const [voided, setVoided] = useState<RedemptionDto | null>(null);
  const [error, setError] = useState('');
  const [voiding, setVoiding] = useState<string | null>(null);
  const [voidReason, setVoidReason] = useState('');
  // Which data generation the lists show: a focus request waits for the answer to the
  // latest load (after an award the affordable set changes), never for a stale list.
  const [loadedVersion, setLoadedVersion] = useState<string | null>(null);
  const focusHandled = useRef(0);
  const panelRef = useRef<HTMLDivElement>(null);
  const busy = useRef(false);
  const redeemAttempt = useOperationAttempt();
  const voidAttempt = useOperationAttempt();
  const pinRequired = rules?.current.rules.redeemRequiresPin ?? false;

  useEffect(() => {
    let live = true;
    void Promise.all([
      call('rewards:affordable', { memberId }),
      call('rewards:list', {}),
      call('rewards:listRedemptions', { memberId, limit: 10 }),
    ]).then(([a, l, h]) => {
      if (!live) return;
      if (a.ok) setAffordable(a.value);
      if (l.ok) setRewards(l.value.filter((r) => r.availableNow).sort((x, y) => x.costPoints - y.costPoints));
      if (h.ok) setRedemptions(h.value);
      setLoadedVersion(`${memberId}:${version}`);
      const reads = [
        ['rewards:affordable', a],
        ['rewards:list', l],
        ['rewards:listRedemptions', h],
      ] as const;
      for (const [channel, r] of reads) if (!r.ok) return setError(describeError(t, channel, r.error));
    });
    return () => {
      live = false;
    };
  }, [memberId, version, t]);

  // After every render: an unanswered focus request is served once the lists are current.
  useEffect(() => {
    if (focusRequest === focusHandled.current || loadedVersion !== `${memberId}:${version}`) return;
    focusHandled.current = focusRequest;
    panelRef.current?.querySelector<HTMLElement>('input, li button:not([disabled])')?.focus();
  });

  const canAfford = new Set(affordable?.affordable.map((r) => r.id) ?? []);
  const balance = affordable?.balance ?? 0;

  const redeem = async (reward: RewardDto) => {
    if (busy.current) return;
    if (pinRequired && !/^[0-9]{4,8}$/.test(pin)) {
      setError(t('pinNeeded'));
      document.getElementById('redeem-pin')?.focus();
      return;
    }
    busy.current = true;
    const opId = redeemAttempt.opIdFor(JSON.stringify({ memberId, rewardId: reward.id }));
    const r = await call('rewards:redeem', { opId, memberId, rewardId: reward.id, ...(pinRequired ? { pin } : {}) });
    busy.current = false;
    if (!r.ok) {
      setDone(null);
      setError(describeError(t, 'rewards:redeem', r.error));
      return;
    }
    redeemAttempt.finish();
    setError('');
    setVoided(null);
    setDone(r.value);
    setPin('');
    onChanged();
  };

  const submitVoid = async (e: FormEvent) => {
    e.preventDefault();
    if (!voiding || busy.current) return;
    if (voidReason.trim().length < 3) {
      setError(t('voidReasonNeeded'));
      return;
    }
    busy.current = true;
    const opId = voidAttempt.opIdFor(JSON.stringify({ voiding, voidReason }));
    const r = await call('rewards:void', { opId, redemptionId: voiding, reason: voidReason.trim() });
    busy.current = false;
    if (!r.ok) {
      setError(describeError(t, 'rewards:void', r.error));
      return;
    }
    voidAttempt.finish();
    setError('');
    setDone(null);
    setVoided(r.value);
    setVoiding(null);
    setVoidReason('');
    onChanged();
  };

  return (
    <div className="redeem-panel" ref={panelRef}>
      {affordable?.nextWithinReach ? (
        <p className="next-reward">
          {t('nextWithinReach', {
            points: pts(affordable.nextWithinReach.pointsNeeded),
            name: affordable.nextWithinReach.reward.name,
          })}
        </p>
      ) : null}
      {pinRequired ? (
        <div className="field narrow">
          <label htmlFor="redeem-pin">{t('memberPin')}</label>
          <input
            id="redeem-pin"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
          <p className="hint">{t('pinHint')}</p>
        </div>
      ) : null}
      {rewards.length === 0 ? (
        <p>{t('noRewards')}</p>
      ) : (
        <ul className="reward-list" aria-label={t('rewardList')}>
          {rewards.map((r) => {
            const affordableNow = canAfford.has(r.id);
            return (
              <li key={r.id} className={affordableNow ? 'reward affordable' : 'reward'}>
                <div className="reward-text">
                  <strong>{r.name}</strong>
                  <span>
                    {t(`kinds.${r.kind}`)} · {pts(r.costPoints)}
                    {r.discountMinor != null ? ` · ${money(r.discountMinor)}` : ''}
                    {r.stock != null ? ` · ${t('stockLeft', { count: r.stock })}` : ''}
                  </span>
                  <span className={affordableNow ? 'badge badge-ok' : 'badge'}>
                    {affordableNow ? t('canAfford') : t('needsMore', { points: pts(r.costPoints - balance) })}
                  </span>
                </div>
                <button
                  type="button"
                  className={affordableNow ? 'primary' : undefined}
                  disabled={!affordableNow}
                  onClick={() => void redeem(r)}
                >
                  {t('redeemOne', { name: r.name })}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <ErrorMessage>{error}</ErrorMessage>
      {done ? (
        <div className="points-result" role="status" aria-label={t('resultLabel')}>
          <p className="result-big">{pts(-done.points, true)}</p>
          <p className="result-explain">{t('redeemed', { name: done.rewardName, balance: pts(done.balance) })}</p>
          {done.couponCode ? (
            <p className="coupon">
              {t('couponCode')}{' '}
              <span className="coupon-code mono" aria-label={t('couponCode')}>
                {done.couponCode}
              </span>
            </p>
          ) : null}
          {done.kind === 'discount' && done.discountMinor != null ? (
            <p className="result-meta">{t('discountGiven', { amount: money(done.discountMinor) })}</p>
          ) : null}
        </div>
      ) : null}
      {voided ? (
        <StatusMessage>
          {t('voided', { name: voided.rewardName, points: pts(voided.points), balance: pts(voided.balance) })}
        </StatusMessage>
      ) : null}
      <h3>{t('recentRedemptions')}</h3>
      {redemptions.length === 0 ? (
        <p className="hint">{t('noRedemptions')}</p>
      ) : (
        <table aria-label={t('recentRedemptions')}>
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('reward')}</th>
              <th scope="col">{t('points')}</th>
              <th scope="col">{t('couponCode')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {redemptions.map((r) => (
              <tr key={r.id} className={r.status === 'voided' ? 'inactive' : undefined}>
                <td>{dateTime(r.createdAt)}</td>
                <td>{r.rewardName}</td>
                <td>{pts(r.points)}</td>
                <td className="mono">{r.couponCode ?? '—'}</td>
                <td>{r.status === 'voided' ? t('statusVoided', { reason: r.voidReason ?? '' }) : t('statusActive')}</td>
                <td>
                  {r.status === 'active' ? (
                    <button type="button" onClick={() => setVoiding(voiding === r.id ? null : r.id)}>
                      {t('voidOne', { name: r.rewardName })}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {voiding ? (
        <form className="card narrow" aria-label={t('voidForm')} onSubmit={submitVoid}>
          <div className="field">
            <label htmlFor="void-reason">{t('voidReason')}</label>
            <input
              id="void-reason"
              autoFocus
              maxLength={200}
              value={voidReason}
              onChange={(e) => setVoidReason(e.target.value)}
            />
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              {t('confirmVoid')}
            </button>
            <button type="button" onClick={() => setVoiding(null)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
