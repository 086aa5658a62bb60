import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isBillReward } from '../../../../shared/rewards/bill-discount';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { TextField } from '../../components/form';
import { useCommand } from '../../lib/use-command';
import { useQuery } from '../../lib/use-query';
import type { RewardDto } from '../../../../shared/contract/rewards';
import type { RulesStateDto } from '../../../../shared/contract/points';
import { usePointsFormat } from '../points/use-points-format';
import { ConfirmStep } from '../points/ConfirmStep';
import { useReportUnsaved } from '../../stores/counter-draft';
import { isMemberPin, MEMBER_PIN_MAX_LENGTH, PIN_LENGTH_VALUES } from '../../../../shared/member-pin';
import { useMemberEvents } from '../members/member-events';

/**
 * Redeem at the counter: every available reward, the ones the member can afford now
 * highlighted and enabled, the next one within reach spelled out ("120 pts to Free
 * coffee"), the member PIN when the rules ask for it, the coupon code after a coupon
 * redemption, and the member's recent redemptions with Void (reason required).
 * Redeem asks first: a confirm step says what it costs ("−500 pts → balance 479"), its
 * Confirm ignores a press within a moment of appearing (the bounce of the Enter that
 * opened it). Redeem and void are `useCommand`s: a double Enter or a retry after a lost
 * reply spends (or gives back) once; after a success the focus moves to the result, so
 * the next Enter does not land on the same button again.
 */
export function RedeemPanel(props: {
  memberId: string;
  rules: RulesStateDto | null;
  /** Bumped by Alt+R: focus the PIN field or the first reward the member can afford. */
  focusRequest: number;
}) {
  const { memberId, rules, focusRequest } = props;
  const { t } = useTranslation('rewards');
  const { money, dateTime, pts } = usePointsFormat();
  const [pin, setPin] = useState('');
  const [voiding, setVoiding] = useState<string | null>(null);
  const [voidReason, setVoidReason] = useState('');
  const [successCount, setSuccessCount] = useState(0);
  /** The reward whose redemption waits for the cashier's confirm. */
  const [confirming, setConfirming] = useState<RewardDto | null>(null);
  const affordable = useQuery('rewards:affordable', { memberId });
  const catalogue = useQuery('rewards:list', {});
  const history = useQuery('rewards:listRedemptions', { memberId, limit: 10 });
  const focusHandled = useRef(0);
  const requestPinReset = useMemberEvents((s) => s.requestPinReset);
  const panelRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const pinRequired = rules?.current.rules.redeemRequiresPin ?? false;
  // Told before the cashier asks the customer: the rules want a PIN this member never set.
  const memberQuery = useQuery('members:get', pinRequired ? { memberId } : null);
  const member = memberQuery.data;
  const noPinYet = pinRequired && member !== null && !member.hasPin;
  useReportUnsaved('redeem', pin !== '' || confirming !== null || voidReason.trim() !== '');

  const redeem = useCommand('rewards:redeem', {
    onSuccess: () => {
      setPin('');
      setConfirming(null);
      voidCommand.reset();
      setSuccessCount((n) => n + 1);
    },
  });
  const voidCommand = useCommand('rewards:void', {
    onSuccess: () => {
      setVoiding(null);
      setVoidReason('');
      redeem.reset();
      setSuccessCount((n) => n + 1);
    },
  });

  // A wrong PIN (or the back-off after it, or a PIN only another store can check): the field
  // empties — a customer's PIN never sits on the screen — and, while tries are left, takes
  // the cursor for the next try.
  const pinRefusal = redeem.error?.details?.reason;
  useEffect(() => {
    if (pinRefusal !== 'pinWrong' && pinRefusal !== 'pinBackoff' && pinRefusal !== 'pinElsewhere') return;
    setPin('');
    if (pinRefusal === 'pinWrong') document.getElementById('redeem-pin')?.focus();
    // Backed off, or not checkable here: nothing to confirm until the PIN is reset.
    else setConfirming(null);
  }, [pinRefusal, redeem.error]);

  // After a redemption or a void: the focus on the outcome, off the button just pressed.
  useEffect(() => {
    if (successCount > 0) resultRef.current?.focus();
  }, [successCount]);

  // After every render: an unanswered focus request is served once the lists are current
  // (after an award the affordable set changes; never focus in a stale list).
  useEffect(() => {
    if (focusRequest === focusHandled.current) return;
    if (!affordable.settled || !catalogue.settled || !history.settled) return;
    if (pinRequired && !memberQuery.settled) return; // the PIN field shows only once known
    focusHandled.current = focusRequest;
    panelRef.current?.querySelector<HTMLElement>('input, li button:not([disabled])')?.focus();
  });

  // Bill rewards are redeemed on a purchase (Award's "Bill reward"), not here.
  const rewards = (catalogue.data ?? [])
    .filter((r) => r.availableNow && !isBillReward(r.kind))
    .sort((x, y) => x.costPoints - y.costPoints);
  const redemptions = history.data ?? [];
  const canAfford = new Set(affordable.data?.affordable.map((r) => r.id) ?? []);
  const balance = affordable.data?.balance ?? 0;
  const loadError = affordable.errorText || catalogue.errorText || history.errorText;

  /** Redeem pressed: the PIN first if the rules ask for it, then the confirm step. */
  const askRedeem = (reward: RewardDto) => {
    // A new redemption starts after a success: the result makes way, a new attempt. After
    // an error the attempt stays (a retry after a lost reply must reuse its op id).
    if (redeem.result) redeem.reset();
    if (voidCommand.result) voidCommand.reset();
    if (pinRequired && !isMemberPin(pin)) {
      setConfirming(null);
      redeem.refuse(t('pinNeeded', PIN_LENGTH_VALUES));
      document.getElementById('redeem-pin')?.focus();
      return;
    }
    setConfirming(reward);
  };

  const submitRedeem = (reward: RewardDto) => {
    void redeem.run({ memberId, rewardId: reward.id, ...(pinRequired ? { pin } : {}) });
  };

  const submitVoid = (e: FormEvent) => {
    e.preventDefault();
    if (!voiding) return;
    if (voidReason.trim().length < 3) return voidCommand.refuse(t('voidReasonNeeded'));
    void voidCommand.run({ redemptionId: voiding, reason: voidReason.trim() });
  };

  const done = redeem.result;
  const voided = voidCommand.result;
  // After a back-off the way on is the identity check, not more guesses: offer it here. The
  // same for a PIN set at another store that this terminal cannot check (shared/sync/pins.ts).
  const offerPinReset = pinRefusal === 'pinBackoff' || pinRefusal === 'pinElsewhere';
  return (
    <div className="redeem-panel" ref={panelRef}>
      {affordable.data?.nextWithinReach ? (
        <p className="next-reward">
          {t('nextWithinReach', {
            points: pts(affordable.data.nextWithinReach.pointsNeeded),
            name: affordable.data.nextWithinReach.reward.name,
          })}
        </p>
      ) : null}
      {noPinYet ? <p className="message message-error">{t('noPinYet')}</p> : null}
      {pinRequired && !noPinYet ? (
        <TextField
          id="redeem-pin"
          label={t('memberPin')}
          fieldClassName="narrow"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={MEMBER_PIN_MAX_LENGTH}
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
          onKeyDown={(e) => {
            // Enter submits: the open confirm step (a corrected PIN), else the first reward
            // the member can afford takes the focus (Enter there asks to confirm).
            if (e.key !== 'Enter') return;
            e.preventDefault();
            if (confirming) submitRedeem(confirming);
            else panelRef.current?.querySelector<HTMLElement>('li button:not([disabled])')?.focus();
          }}
          hint={`${t('pinHint')} ${t('pinEnterHint', PIN_LENGTH_VALUES)}`}
          // A wrong or missing PIN is said under the PIN itself (issue 9 item 6), not only
          // in the panel's message below the rewards, which can be far down the card.
          error={redeem.fieldErrors.fields.pin}
        />
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
                  data-reward={r.id}
                  aria-disabled={redeem.busy || undefined}
                  onClick={() => askRedeem(r)}
                >
                  {t('redeemOne', { name: r.name })}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {confirming ? (
        <ConfirmStep
          key={confirming.id}
          label={t('confirmLabel')}
          confirmText={t('confirmRedeem', { name: confirming.name })}
          cancelText={t('cancel')}
          busy={redeem.busy}
          onConfirm={() => submitRedeem(confirming)}
          onCancel={() => {
            setConfirming(null);
            panelRef.current?.querySelector<HTMLElement>(`[data-reward="${confirming.id}"]`)?.focus();
          }}
        >
          {t('confirmText', {
            name: confirming.name,
            points: pts(-confirming.costPoints, true),
            balance: pts(balance - confirming.costPoints),
          })}
        </ConfirmStep>
      ) : null}
      <ErrorMessage>{redeem.errorText || loadError}</ErrorMessage>
      {offerPinReset ? (
        <div className="actions">
          <button type="button" onClick={requestPinReset}>
            {t('resetPin')}
          </button>
        </div>
      ) : null}
      {done ? (
        <div className="points-result" role="status" aria-label={t('resultLabel')} ref={resultRef} tabIndex={-1}>
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
        <div ref={resultRef} tabIndex={-1}>
          <StatusMessage>
            {t('voided', { name: voided.rewardName, points: pts(voided.points), balance: pts(voided.balance) })}
          </StatusMessage>
        </div>
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
                    <button
                      type="button"
                      onClick={() => {
                        if (voidCommand.result) voidCommand.reset();
                        setVoiding(voiding === r.id ? null : r.id);
                      }}
                    >
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
          <TextField
            label={t('voidReason')}
            autoFocus
            maxLength={200}
            value={voidReason}
            onChange={(e) => setVoidReason(e.target.value)}
          />
          <div className="actions">
            <button type="submit" className="primary" aria-disabled={voidCommand.busy || undefined}>
              {t('confirmVoid')}
            </button>
            <button type="button" onClick={() => setVoiding(null)}>
              {t('cancel')}
            </button>
          </div>
          <ErrorMessage>{voidCommand.errorText}</ErrorMessage>
        </form>
      ) : null}
    </div>
  );
}
