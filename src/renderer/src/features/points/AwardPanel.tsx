import { useEffect, useMemo, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/Messages';
import { TextField } from '../../components/form';
import { useCommand } from '../../lib/use-command';
import { useQuery } from '../../lib/use-query';
import { useAppSettings } from '../../stores/settings';
import { useReportUnsaved } from '../../stores/counter-draft';
import type { RulesStateDto } from '../../../../shared/contract/points';
import { minorToInput, parseDecimal, parseWhole, type DecimalParse } from './decimal-input';
import { MAX_PURCHASE_MINOR } from '../../../../shared/limits';
import { SETTINGS_DEFAULTS } from '../../../../shared/settings';
import { useScannedReceipt, type ScannedReceipt } from './receipt-scan';
import type { ScannedFrom } from '../../../../shared/explain/facts';
import { usePointsFormat } from './use-points-format';
import { LineItemsEditor } from './LineItemsEditor';
import { emptyLine, parseLines, type LineDraft } from './line-items';
import { ConfirmStep } from './ConfirmStep';
import { BillRewardField } from './BillRewardField';
import { billDiscount, isBillReward, type BillLine } from '../../../../shared/rewards/bill-discount';
import { moneyProblemText } from './input-problem';
import { MEMBER_PIN_MAX_LENGTH } from '../../../../shared/member-pin';
import { GoalOutcomes } from './GoalOutcomes';
import { VoucherField } from './VoucherField';
import { voucherTerms } from '../../../../shared/rewards/voucher-terms';

/** What the cashier has typed, kept as typed until a success empties it. */
interface AwardDraft {
  amount: string;
  receiptNo: string;
  isItemised: boolean;
  lines: LineDraft[];
  pointsToUse: string;
  pin: string;
  /** A promo code for this purchase ('' = none). */
  promoCode: string;
  /** A bill reward redeemed on this purchase ('' = none). */
  rewardId: string;
  /** A goal voucher applied on this purchase ('' = none; not with a bill reward). */
  voucherId: string;
}

const emptyEntry = () => ({
  amount: '',
  receiptNo: '',
  pointsToUse: '',
  pin: '',
  promoCode: '',
  rewardId: '',
  voucherId: '',
  lines: [emptyLine()],
});

/**
 * Award: the cashier types the amount (the field has the focus when a member opens)
 * and the receipt number, then Enter. Optionally points pay part of the bill, and the
 * full path takes line items. The result is shown large with its explanation; an error
 * says what to do and leaves every field as typed. `useCommand` keeps one operation id
 * per attempt and one request at a time, so a double Enter or a retry awards once.
 */
export function AwardPanel(props: {
  memberId: string;
  rules: RulesStateDto | null;
  amountRef: RefObject<HTMLInputElement | null>;
}) {
  const { memberId, rules, amountRef } = props;
  const { t } = useTranslation('points');
  const { money, digits, pts, explain } = usePointsFormat();
  const [draft, setDraft] = useState<AwardDraft>(() => ({ ...emptyEntry(), isItemised: false }));
  const [fieldProblem, setFieldProblem] = useState<{ amount?: string; receipt?: string; points?: string }>({});
  const [successCount, setSuccessCount] = useState(0);
  /** An unusually large amount waiting for the cashier's yes (its minor units), and the one said yes to. */
  const [largePending, setLargePending] = useState<number | null>(null);
  const [largeConfirmed, setLargeConfirmed] = useState<number | null>(null);
  const largeLimit = useAppSettings((s) => s.settings?.largeAmountMinor ?? SETTINGS_DEFAULTS.largeAmountMinor);
  /** The till's receipt as last scanned for this entry (issue 9 item 13). */
  const [scan, setScan] = useState<ScannedReceipt | null>(null);
  const receiptRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const award = useCommand('points:award', {
    // Ready for the next customer: the result stays on screen, the fields are empty.
    onSuccess: () => {
      setDraft((d) => ({ ...d, ...emptyEntry() }));
      setScan(null);
      setLargeConfirmed(null);
      setSuccessCount((n) => n + 1);
    },
  });
  const result = award.result;
  useReportUnsaved(
    'award',
    draft.amount.trim() !== '' ||
      draft.receiptNo.trim() !== '' ||
      draft.pointsToUse.trim() !== '' ||
      (draft.isItemised && draft.lines.some((l) => l.sku + l.category + l.unitPrice !== '')),
  );
  const edit = (patch: Partial<AwardDraft>) => {
    // A new entry starts: the last customer's result makes way (and a deliberate repeat is
    // a new attempt). An error stays: its attempt keeps its op id for the retry.
    if (award.result) award.reset();
    setLargePending(null);
    // The field being retyped drops its old problem: what it says now is shown instead.
    setFieldProblem((p) => ({
      amount: 'amount' in patch || 'lines' in patch ? undefined : p.amount,
      receipt: 'receiptNo' in patch ? undefined : p.receipt,
      points: 'pointsToUse' in patch ? undefined : p.points,
    }));
    setDraft((d) => ({ ...d, ...patch }));
  };

  // After a success, once the emptied fields have rendered: the cursor back in the first
  // field for the next customer, and the result scrolled into view (at 1024×768 the
  // member view can push it below the fold).
  useEffect(() => {
    if (successCount === 0) return;
    amountRef.current?.focus();
    resultRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [successCount, amountRef]);

  // A scan of the till's receipt, read on the counter (CounterPage): it fills the receipt
  // and, unless line items give the total, the amount; both stay editable. The cursor goes
  // to the amount so the cashier sees and can change what was read.
  const pendingScan = useScannedReceipt((s) => s.pending);
  useEffect(() => {
    if (!pendingScan) return;
    const taken = useScannedReceipt.getState().take();
    if (!taken) return;
    edit({
      receiptNo: taken.receipt,
      ...(taken.amountMinor !== null && !draft.isItemised ? { amount: minorToInput(taken.amountMinor, digits) } : {}),
    });
    setScan(taken);
    setTimeout(() => {
      amountRef.current?.focus();
      amountRef.current?.select();
    }, 0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once per scan, with the draft of that moment
  }, [pendingScan]);

  const current = rules?.current.rules ?? null;
  // The promo code field only where a promotion needs one.
  const takesCodes = current?.promotions.some((p) => p.promoProgramme !== undefined) ?? false;
  const payAllowed = current?.payWithPointsAllowed ?? false;
  const itemised = useMemo(() => parseLines(draft.lines, digits), [draft.lines, digits]);
  const parsedAmount: DecimalParse = draft.isItemised
    ? itemised.ok
      ? { ok: true, value: itemised.totalMinor }
      : { ok: false, reason: 'format' }
    : parseDecimal(draft.amount, digits, MAX_PURCHASE_MINOR);
  const total = parsedAmount.ok && parsedAmount.value > 0 ? parsedAmount.value : null;

  // Bill rewards this member can afford now (issue 11 item 2), and what the chosen one
  // takes off this bill — by the function main records it with.
  const affordable = useQuery('rewards:affordable', { memberId }, { keepPrevious: true }).data;
  const billRewards = (affordable?.affordable ?? []).filter((r) => isBillReward(r.kind));
  const chosenReward = billRewards.find((r) => r.id === draft.rewardId) ?? null;
  const billLines: BillLine[] | null =
    total === null
      ? null
      : draft.isItemised && itemised.ok
        ? itemised.lines.map((l) => ({
            sku: l.sku ?? null,
            quantity: l.quantity,
            unitPriceMinor: l.unitPriceMinor,
            amountMinor: l.quantity * l.unitPriceMinor,
          }))
        : [{ sku: null, quantity: 1, unitPriceMinor: total, amountMinor: total }];
  // The member's usable vouchers that take something off a bill (goals, voucher-terms.ts).
  const goals = useQuery('points:memberGoals', { memberId }, { keepPrevious: true }).data;
  const billVouchers = (goals?.vouchers ?? []).filter((v) => v.status === 'available' && voucherTerms(v) !== null);
  const chosenVoucher = billVouchers.find((v) => v.id === draft.voucherId) ?? null;
  const chosenVoucherTerms = chosenVoucher ? voucherTerms(chosenVoucher) : null;
  const rewardDiscount =
    chosenVoucherTerms && billLines
      ? billDiscount(chosenVoucherTerms, billLines)
      : chosenReward && billLines && isBillReward(chosenReward.kind)
        ? billDiscount(
            {
              kind: chosenReward.kind,
              discountMinor: chosenReward.discountMinor,
              percentBp: chosenReward.percentBp,
              maxDiscountMinor: chosenReward.maxDiscountMinor,
              productSku: chosenReward.productSku,
              productUnits: chosenReward.productUnits,
            },
            billLines,
          )
        : null;
  const rewardOff = rewardDiscount?.ok ? rewardDiscount.discountMinor : 0;
  const totalForQuote = total !== null && total - rewardOff > 0 ? total - rewardOff : null;
  // What goes on record as scanned: only a value still as the scan read it.
  const receiptFromScan = scan !== null && draft.receiptNo.trim() === scan.receipt;
  const amountFromScan =
    scan?.amountMinor != null && !draft.isItemised && parsedAmount.ok && parsedAmount.value === scan.amountMinor;
  const scannedFrom: ScannedFrom | undefined =
    receiptFromScan && amountFromScan
      ? 'receiptAndAmount'
      : receiptFromScan
        ? 'receipt'
        : amountFromScan
          ? 'amount'
          : undefined;

  // How many points may pay this bill (by the cap, the bill and the balance).
  const quote = useQuery(
    'points:payQuote',
    payAllowed && totalForQuote !== null ? { memberId, totalMinor: totalForQuote } : null,
    { delayMs: 150, keepPrevious: true },
  ).data;

  const parsedPoints =
    draft.pointsToUse.trim() === '' ? ({ ok: true, value: 0 } as const) : parseWhole(draft.pointsToUse, 1_000_000_000);
  const usesPoints = payAllowed && parsedPoints.ok && parsedPoints.value > 0;
  const pinRequired = (usesPoints || chosenReward !== null) && (current?.redeemRequiresPin ?? false);
  // What the customer pays, said before the cashier sends: the bill less the reward and the points.
  const pointsOff =
    usesPoints && parsedPoints.ok && current
      ? Math.floor((parsedPoints.value * current.redeemValue.minor) / current.redeemValue.perPoints)
      : 0;
  const collectBefore =
    total !== null && (rewardOff > 0 || pointsOff > 0) ? Math.max(0, total - rewardOff - pointsOff) : null;
  // Said as soon as points are typed: the rules want a PIN this member never set.
  const member = useQuery('members:get', current?.redeemRequiresPin ? { memberId } : null).data;
  const noPinYet = pinRequired && member !== null && !member.hasPin;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void check(false);
  };

  /** Checks what was typed, asks about an unusually large amount once, then sends. */
  const check = async (largeSaidYes: boolean) => {
    const { receiptNo, isItemised, lines, amount, pin } = draft;
    const isBlank =
      receiptNo.trim() === '' &&
      (isItemised ? lines.every((l) => l.sku + l.category + l.unitPrice === '') : amount.trim() === '');
    if (isBlank && result) return; // Enter again after a success: nothing to do
    const problems: typeof fieldProblem = {};
    if (!parsedAmount.ok) {
      problems.amount =
        isItemised && !itemised.ok
          ? t('award.linesProblem')
          : moneyProblemText(t, parsedAmount, money, MAX_PURCHASE_MINOR);
    } else if (parsedAmount.value === 0) problems.amount = t('award.amountZero');
    if (receiptNo.trim() === '') problems.receipt = t('award.receiptRequired');
    if (!parsedPoints.ok) problems.points = t(`inputProblems.${parsedPoints.reason}`);
    setFieldProblem(problems);
    if (Object.keys(problems).length > 0) {
      award.refuse(t('award.fixFields'));
      if (problems.amount) amountRef.current?.focus();
      else if (problems.receipt) receiptRef.current?.focus();
      return;
    }
    const total = parsedAmount.ok ? parsedAmount.value : 0;
    if (largeLimit > 0 && total > largeLimit && !largeSaidYes && largeConfirmed !== total) {
      setLargePending(total);
      return;
    }
    setLargePending(null);
    const r = await award.run({
      memberId,
      receiptNo: receiptNo.trim(),
      ...(isItemised && itemised.ok
        ? { lines: itemised.lines }
        : { totalMinor: parsedAmount.ok ? parsedAmount.value : 0 }),
      ...(usesPoints && parsedPoints.ok ? { pointsToUse: parsedPoints.value } : {}),
      ...(chosenReward && !chosenVoucher ? { rewardId: chosenReward.id } : {}),
      ...(chosenVoucher ? { voucherId: chosenVoucher.id } : {}),
      ...(pinRequired ? { pin } : {}),
      ...(takesCodes && draft.promoCode.trim() !== '' ? { promoCode: draft.promoCode.trim() } : {}),
      ...(scannedFrom ? { scanned: scannedFrom } : {}),
    });
    if (!r.ok && r.error.details?.field === 'receiptNo') receiptRef.current?.focus();
  };

  return (
    <div className="award-panel">
      <form className="card" aria-label={t('award.form')} onSubmit={submit} noValidate>
        {draft.isItemised ? (
          <LineItemsEditor lines={draft.lines} onChange={(lines) => edit({ lines })} firstInputRef={amountRef} />
        ) : null}
        <div className="award-fields">
          {draft.isItemised ? null : (
            <TextField
              label={t('award.amount')}
              fieldClassName="field-amount"
              ref={amountRef}
              className="input-large"
              inputMode="decimal"
              autoComplete="off"
              value={draft.amount}
              error={fieldProblem.amount}
              hint={
                draft.amount.trim() !== '' && parsedAmount.ok
                  ? t(amountFromScan ? 'award.readAsScanned' : 'award.readAs', { amount: money(parsedAmount.value) })
                  : t('award.amountHint')
              }
              onChange={(e) => edit({ amount: e.target.value })}
            />
          )}
          <TextField
            label={t('award.receipt')}
            ref={receiptRef}
            className="input-large"
            autoComplete="off"
            maxLength={40}
            value={draft.receiptNo}
            error={fieldProblem.receipt}
            hint={
              receiptFromScan
                ? scan?.date
                  ? t('award.receiptScannedOn', { date: scan.date })
                  : t('award.receiptScanned')
                : t('award.receiptHint')
            }
            onChange={(e) => edit({ receiptNo: e.target.value })}
          />
        </div>
        {takesCodes ? (
          <div className="award-fields">
            <TextField
              label={t('goals.promoCode')}
              autoComplete="off"
              maxLength={64}
              value={draft.promoCode}
              hint={t('goals.promoCodeHint')}
              onChange={(e) => edit({ promoCode: e.target.value })}
            />
          </div>
        ) : null}
        {draft.isItemised && itemised.ok ? (
          <p className="award-total">{t('award.itemisedTotal', { amount: money(itemised.totalMinor) })}</p>
        ) : null}
        {billRewards.length > 0 || chosenReward ? (
          <div className="award-fields">
            <BillRewardField
              rewards={billRewards}
              value={draft.rewardId}
              onChange={(rewardId) => edit({ rewardId, voucherId: '' })}
              discount={chosenVoucher ? null : rewardDiscount}
            />
          </div>
        ) : null}
        {billVouchers.length > 0 || chosenVoucher ? (
          <div className="award-fields">
            <VoucherField
              vouchers={billVouchers}
              value={draft.voucherId}
              onChange={(voucherId) => edit({ voucherId, rewardId: '' })}
              discount={chosenVoucher ? rewardDiscount : null}
            />
          </div>
        ) : null}
        {collectBefore !== null ? (
          <p className="award-total" aria-live="polite">
            {t('award.collect', { amount: money(collectBefore) })}
          </p>
        ) : null}
        {payAllowed || pinRequired ? (
          <div className="award-fields">
            {payAllowed ? (
              <TextField
                label={t('award.payWithPoints')}
                inputMode="numeric"
                autoComplete="off"
                value={draft.pointsToUse}
                error={fieldProblem.points}
                hint={
                  quote
                    ? t('award.payQuote', { points: pts(quote.maxPoints), amount: money(quote.maxDiscountMinor) })
                    : t('award.payQuoteNone')
                }
                onChange={(e) => edit({ pointsToUse: e.target.value })}
              />
            ) : null}
            {noPinYet ? <p className="message message-error">{t('award.noPinYet')}</p> : null}
            {pinRequired ? (
              <TextField
                label={t('memberPin')}
                type="password"
                inputMode="numeric"
                autoComplete="off"
                maxLength={MEMBER_PIN_MAX_LENGTH}
                value={draft.pin}
                onChange={(e) => edit({ pin: e.target.value })}
              />
            ) : null}
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" aria-disabled={award.busy || undefined}>
            {t('award.submit')}
          </button>
          <button
            type="button"
            aria-pressed={draft.isItemised}
            onClick={() => {
              edit({ isItemised: !draft.isItemised });
              setFieldProblem({});
              // The other form opens with the cursor in its first field (amount or line 1).
              setTimeout(() => amountRef.current?.focus(), 0);
            }}
          >
            {draft.isItemised ? t('award.fastPath') : t('award.itemise')}
          </button>
        </div>
        {largePending !== null ? (
          <ConfirmStep
            label={t('award.largeLabel')}
            confirmText={t('award.largeConfirm', { amount: money(largePending) })}
            cancelText={t('award.largeCancel')}
            busy={award.busy}
            onConfirm={() => {
              setLargeConfirmed(largePending);
              void check(true);
            }}
            onCancel={() => {
              setLargePending(null);
              amountRef.current?.focus();
              amountRef.current?.select();
            }}
          >
            {t('award.largeText', { amount: money(largePending), limit: money(largeLimit) })}
          </ConfirmStep>
        ) : null}
        <ErrorMessage>{award.errorText}</ErrorMessage>
      </form>
      {result ? (
        <div className="points-result" role="status" aria-label={t('award.resultLabel')} ref={resultRef}>
          <p className="result-big">{pts(result.pointsEarned, true)}</p>
          {result.pointsUsed > 0 || result.rewardDiscountMinor > 0 ? (
            <p className="result-collect">{t('award.collect', { amount: money(result.paidMinor) })}</p>
          ) : null}
          {result.redemption ? (
            <p className="result-meta">
              {t('award.billRewardRedeemed', {
                name: result.redemption.rewardName,
                amount: money(result.rewardDiscountMinor),
                points: pts(result.redemption.points),
              })}
            </p>
          ) : null}
          {result.voucher ? (
            <p className="result-meta">
              {t('award.voucherApplied', { name: result.voucher.name, amount: money(result.rewardDiscountMinor) })}
            </p>
          ) : null}
          <p className="result-explain">{explain(result.facts, { receipt: false })}</p>
          <p className="result-meta">
            {t('award.resultMeta', {
              receipt: result.receiptNo,
              amount: money(result.totalMinor),
              balance: pts(result.balance),
            })}
            {result.pointsUsed > 0
              ? ' ' + t('award.paidWithPoints', { points: pts(result.pointsUsed), amount: money(result.discountMinor) })
              : ''}
          </p>
          <GoalOutcomes result={result} />
        </div>
      ) : null}
    </div>
  );
}
