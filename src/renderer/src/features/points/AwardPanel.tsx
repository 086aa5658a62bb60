import { useEffect, useMemo, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { ErrorMessage } from '../../components/Messages';
import type { AwardResultDto, PayQuoteDto, RulesStateDto } from '../../../../shared/contract/points';
import { parseMoneyInput, parseWhole, type DecimalParse } from './decimal-input';
import { inputProblemText, pointsErrorText } from './points-errors';
import { useOperationAttempt } from '../../lib/use-operation-attempt';
import { usePointsFormat } from './use-points-format';
import { LineItemsEditor } from './LineItemsEditor';
import { emptyLine, parseLines, type LineDraft } from './line-items';

/**
 * Award: the cashier types the amount (the field has the focus when a member opens)
 * and the receipt number, then Enter. Optionally points pay part of the bill, and the
 * full path takes line items. The result is shown large with its explanation; an error
 * says what to do and leaves every field as typed. One operation id per attempt.
 */
export function AwardPanel(props: {
  memberId: string;
  rules: RulesStateDto | null;
  amountRef: RefObject<HTMLInputElement | null>;
  onChanged(): void;
}) {
  const { memberId, rules, amountRef, onChanged } = props;
  const { t } = useTranslation('points');
  const { money, digits, pts, explain } = usePointsFormat();
  const [amount, setAmount] = useState('');
  const [receiptNo, setReceiptNo] = useState('');
  const [isItemised, setItemised] = useState(false);
  const [lines, setLines] = useState<LineDraft[]>([emptyLine()]);
  const [pointsToUse, setPointsToUse] = useState('');
  const [pin, setPin] = useState('');
  const [quote, setQuote] = useState<PayQuoteDto | null>(null);
  const [result, setResult] = useState<AwardResultDto | null>(null);
  const [error, setError] = useState('');
  const [fieldProblem, setFieldProblem] = useState<{ amount?: string; receipt?: string; points?: string }>({});
  const busy = useRef(false);
  const [isBusy, setBusy] = useState(false);
  const attempt = useOperationAttempt();
  const receiptRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const [successCount, setSuccessCount] = useState(0);

  // After a success, once the emptied fields have rendered: the cursor back in the first
  // field for the next customer, and the result scrolled into view (at 1024×768 the
  // member view can push it below the fold).
  useEffect(() => {
    if (successCount === 0) return;
    amountRef.current?.focus();
    resultRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [successCount, amountRef]);

  const current = rules?.current.rules ?? null;
  const payAllowed = current?.payWithPointsAllowed ?? false;
  const itemised = useMemo(() => parseLines(lines, digits), [lines, digits]);
  const parsedAmount: DecimalParse = isItemised
    ? itemised.ok
      ? { ok: true, value: itemised.totalMinor }
      : { ok: false, reason: 'format' }
    : parseMoneyInput(amount, digits);
  const totalForQuote = parsedAmount.ok && parsedAmount.value > 0 ? parsedAmount.value : null;

  // How many points may pay this bill (by the cap, the bill and the balance).
  useEffect(() => {
    if (!payAllowed || totalForQuote === null) {
      setQuote(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void call('points:payQuote', { memberId, totalMinor: totalForQuote }).then((r) => {
        if (live) setQuote(r.ok ? r.value : null);
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [memberId, payAllowed, totalForQuote]);

  const parsedPoints =
    pointsToUse.trim() === '' ? ({ ok: true, value: 0 } as const) : parseWhole(pointsToUse, 1_000_000_000);
  const usesPoints = payAllowed && parsedPoints.ok && parsedPoints.value > 0;
  const pinRequired = usesPoints && (current?.redeemRequiresPin ?? false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy.current) return; // a second Enter while the first is on its way
    const problems: typeof fieldProblem = {};
    const isBlank =
      receiptNo.trim() === '' &&
      (isItemised ? lines.every((l) => l.sku + l.category + l.unitPrice === '') : amount.trim() === '');
    if (isBlank && result) return; // Enter again after a success: nothing to do
    if (!parsedAmount.ok) {
      problems.amount = isItemised && !itemised.ok ? t('award.linesProblem') : inputProblemText(t, parsedAmount.reason);
    } else if (parsedAmount.value === 0) problems.amount = t('award.amountZero');
    if (receiptNo.trim() === '') problems.receipt = t('award.receiptRequired');
    if (!parsedPoints.ok) problems.points = inputProblemText(t, parsedPoints.reason);
    setFieldProblem(problems);
    if (Object.keys(problems).length > 0) {
      setError(t('award.fixFields'));
      if (problems.amount) amountRef.current?.focus();
      else if (problems.receipt) receiptRef.current?.focus();
      return;
    }
    const payload = {
      memberId,
      receiptNo: receiptNo.trim(),
      ...(isItemised && itemised.ok
        ? { lines: itemised.lines }
        : { totalMinor: parsedAmount.ok ? parsedAmount.value : 0 }),
      ...(usesPoints && parsedPoints.ok ? { pointsToUse: parsedPoints.value } : {}),
    };
    const opId = attempt.opIdFor(JSON.stringify(payload));
    busy.current = true;
    setBusy(true);
    const r = await call('points:award', { opId, ...payload, ...(pinRequired ? { pin } : {}) });
    busy.current = false;
    setBusy(false);
    if (!r.ok) {
      setError(pointsErrorText(t, r.error));
      const field = r.error.details?.field;
      if (field === 'receiptNo') receiptRef.current?.focus();
      return;
    }
    attempt.finish();
    setError('');
    setResult(r.value);
    // Ready for the next customer: the result stays on screen, the fields are empty.
    setAmount('');
    setReceiptNo('');
    setPointsToUse('');
    setPin('');
    setLines([emptyLine()]);
    setSuccessCount((n) => n + 1);
    onChanged();
  };

  return (
    <div className="award-panel">
      <form className="card" aria-label={t('award.form')} onSubmit={submit} noValidate>
        {isItemised ? <LineItemsEditor lines={lines} onChange={setLines} firstInputRef={amountRef} /> : null}
        <div className="award-fields">
          {isItemised ? null : (
            <div className="field field-amount">
              <label htmlFor="award-amount">{t('award.amount')}</label>
              <input
                id="award-amount"
                ref={amountRef}
                className="input-large"
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                aria-invalid={fieldProblem.amount ? true : undefined}
                aria-describedby="award-amount-hint"
                onChange={(e) => setAmount(e.target.value)}
              />
              <p className="hint" id="award-amount-hint">
                {fieldProblem.amount ?? t('award.amountHint')}
              </p>
            </div>
          )}
          <div className="field">
            <label htmlFor="award-receipt">{t('award.receipt')}</label>
            <input
              id="award-receipt"
              ref={receiptRef}
              className="input-large"
              autoComplete="off"
              maxLength={40}
              value={receiptNo}
              aria-invalid={fieldProblem.receipt ? true : undefined}
              aria-describedby="award-receipt-hint"
              onChange={(e) => setReceiptNo(e.target.value)}
            />
            <p className="hint" id="award-receipt-hint">
              {fieldProblem.receipt ?? t('award.receiptHint')}
            </p>
          </div>
        </div>
        {isItemised && itemised.ok ? (
          <p className="award-total">{t('award.itemisedTotal', { amount: money(itemised.totalMinor) })}</p>
        ) : null}
        {payAllowed ? (
          <div className="award-fields">
            <div className="field">
              <label htmlFor="award-points-to-use">{t('award.payWithPoints')}</label>
              <input
                id="award-points-to-use"
                inputMode="numeric"
                autoComplete="off"
                value={pointsToUse}
                aria-describedby="award-points-hint"
                aria-invalid={fieldProblem.points ? true : undefined}
                onChange={(e) => setPointsToUse(e.target.value)}
              />
              <p className="hint" id="award-points-hint">
                {fieldProblem.points ??
                  (quote
                    ? t('award.payQuote', { points: pts(quote.maxPoints), amount: money(quote.maxDiscountMinor) })
                    : t('award.payQuoteNone'))}
              </p>
            </div>
            {pinRequired ? (
              <div className="field">
                <label htmlFor="award-pin">{t('memberPin')}</label>
                <input
                  id="award-pin"
                  type="password"
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={8}
                  value={pin}
                  onChange={(e) => setPin(e.target.value)}
                />
              </div>
            ) : null}
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={isBusy}>
            {t('award.submit')}
          </button>
          <button
            type="button"
            aria-pressed={isItemised}
            onClick={() => {
              setItemised(!isItemised);
              setFieldProblem({});
            }}
          >
            {isItemised ? t('award.fastPath') : t('award.itemise')}
          </button>
        </div>
        <ErrorMessage>{error}</ErrorMessage>
      </form>
      {result ? (
        <div className="points-result" role="status" aria-label={t('award.resultLabel')} ref={resultRef}>
          <p className="result-big">{pts(result.pointsEarned, true)}</p>
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
        </div>
      ) : null}
    </div>
  );
}
