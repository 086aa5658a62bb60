import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/Messages';
import { TextField } from '../../components/form';
import { useCommand } from '../../lib/use-command';
import { useQuery } from '../../lib/use-query';
import type { RulesStateDto } from '../../../../shared/contract/points';
import { parseWhole } from './decimal-input';
import { useReportUnsaved } from '../../stores/counter-draft';
import { usePointsFormat } from './use-points-format';

/**
 * Refund: find the receipt (typed, or picked from the member's recent purchases), pick
 * lines and quantities, see what comes back. The result shows the points taken back,
 * the points that had paid for the lines and come back, and — under the policy in force
 * — a shortfall when the member had already spent what the lines earned. A double press
 * or a retry after a lost reply refunds once (`useCommand`); after a success the focus
 * moves to the result, off the buttons.
 */
export function RefundPanel(props: {
  memberId: string;
  rules: RulesStateDto | null;
  receiptRef: RefObject<HTMLInputElement | null>;
}) {
  const { memberId, rules, receiptRef } = props;
  const { t } = useTranslation('points');
  const { money, dateTime, pts, explain } = usePointsFormat();
  const [receiptNo, setReceiptNo] = useState('');
  /** The receipt shown (what Find or a recent receipt opened). */
  const [opened, setOpened] = useState<string | null>(null);
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [findProblem, setFindProblem] = useState('');
  const [successCount, setSuccessCount] = useState(0);
  const resultRef = useRef<HTMLDivElement>(null);
  const recent = useQuery('points:listPurchases', { memberId, limit: 10 }).data ?? [];
  const lookup = useQuery('points:getPurchase', opened === null ? null : { receiptNo: opened });
  const purchase = lookup.data;
  const refund = useCommand('points:refund', {
    onSuccess: () => {
      setQuantities({});
      setSuccessCount((n) => n + 1);
    },
  });
  const result = refund.result;
  useReportUnsaved(
    'refund',
    Object.values(quantities).some((q) => q.trim() !== ''),
  );

  useEffect(() => {
    if (successCount > 0) resultRef.current?.focus();
  }, [successCount]);

  const open = (no: string) => {
    const trimmed = no.trim();
    if (trimmed === '') {
      setFindProblem(t('refund.receiptRequired'));
      receiptRef.current?.focus();
      return;
    }
    setFindProblem('');
    setReceiptNo(trimmed);
    setQuantities({});
    refund.reset();
    if (trimmed === opened) lookup.refetch();
    else setOpened(trimmed);
  };

  const find = (e: FormEvent) => {
    e.preventDefault();
    open(receiptNo);
  };

  const submit = (everything: boolean) => {
    if (!purchase) return;
    let lines: { lineNo: number; quantity: number }[] | undefined;
    if (!everything) {
      lines = [];
      for (const l of purchase.lines) {
        const raw = quantities[l.lineNo] ?? '';
        if (raw.trim() === '' || raw.trim() === '0') continue;
        const q = parseWhole(raw, 10_000);
        if (!q.ok) return refund.refuse(t('refund.quantityProblem', { line: l.lineNo }));
        lines.push({ lineNo: l.lineNo, quantity: q.value });
      }
      if (lines.length === 0) return refund.refuse(t('refund.pickLines'));
    }
    void refund.run({ receiptNo: purchase.receiptNo, ...(lines ? { lines } : {}) });
  };

  const lookupError =
    findProblem ||
    (lookup.error?.code === 'NOT_FOUND' && opened !== null
      ? t('refund.receiptNotFound', { receipt: opened })
      : lookup.errorText);
  const policy = rules?.current.rules.refundPolicy;
  const isOtherMember = purchase !== null && purchase.memberId !== memberId;

  return (
    <div className="refund-panel">
      <form className="card" aria-label={t('refund.findForm')} onSubmit={find}>
        <div className="award-fields">
          <TextField
            label={t('refund.receipt')}
            ref={receiptRef}
            className="input-large"
            autoComplete="off"
            maxLength={40}
            value={receiptNo}
            onChange={(e) => setReceiptNo(e.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t('refund.find')}
          </button>
        </div>
        {recent.length > 0 ? (
          <div className="recent-receipts">
            <p className="hint">{t('refund.recent')}</p>
            <div className="actions">
              {recent.map((p) => (
                <button
                  key={p.purchaseId}
                  type="button"
                  aria-label={t('refund.openReceipt', { receipt: p.receiptNo })}
                  onClick={() => open(p.receiptNo)}
                >
                  {p.receiptNo} · {money(p.totalMinor)}
                  {p.fullyReturned ? ` · ${t('refund.returned')}` : ''}
                </button>
              ))}
            </div>
          </div>
        ) : null}
      </form>
      {purchase ? (
        <section className="card" aria-label={t('refund.receiptLabel', { receipt: purchase.receiptNo })}>
          <h3>{t('refund.receiptTitle', { receipt: purchase.receiptNo, when: dateTime(purchase.createdAt) })}</h3>
          <p>
            {t('refund.purchaseSummary', {
              amount: money(purchase.totalMinor),
              points: pts(purchase.pointsEarned),
              version: purchase.ruleVersion,
            })}
          </p>
          <p className="hint">{explain(purchase.facts, { receipt: false })}</p>
          {isOtherMember ? <p className="message message-error">{t('refund.otherMember')}</p> : null}
          <table aria-label={t('refund.lines')}>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('refund.item')}</th>
                <th scope="col">{t('refund.bought')}</th>
                <th scope="col">{t('refund.alreadyReturned')}</th>
                <th scope="col">{t('refund.paid')}</th>
                <th scope="col">{t('refund.earned')}</th>
                <th scope="col">{t('refund.returnQty')}</th>
              </tr>
            </thead>
            <tbody>
              {purchase.lines.map((l) => {
                const left = l.quantity - l.returnedQuantity;
                return (
                  <tr key={l.lineNo}>
                    <td>{l.lineNo}</td>
                    <td>{[l.sku, l.category].filter(Boolean).join(' · ') || t('refund.wholePurchase')}</td>
                    <td>
                      {l.quantity} × {money(l.unitPriceMinor)}
                    </td>
                    <td>{l.returnedQuantity}</td>
                    <td>{money(l.amountMinor - l.discountMinor)}</td>
                    <td>{pts(l.pointsEarned)}</td>
                    <td>
                      <input
                        className="input-narrow"
                        inputMode="numeric"
                        aria-label={t('refund.returnQtyOf', { line: l.lineNo })}
                        disabled={left === 0 || isOtherMember}
                        placeholder={left === 0 ? '—' : `0–${left}`}
                        value={quantities[l.lineNo] ?? ''}
                        onChange={(e) => {
                          // A new entry: the last refund's result makes way (a new attempt).
                          if (refund.result) refund.reset();
                          setQuantities({ ...quantities, [l.lineNo]: e.target.value });
                        }}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {policy ? <p className="hint">{t(`refund.policy.${policy}`)}</p> : null}
          <div className="actions">
            <button
              type="button"
              className="primary"
              aria-disabled={refund.busy || undefined}
              disabled={purchase.fullyReturned || isOtherMember}
              onClick={() => submit(false)}
            >
              {t('refund.submitLines')}
            </button>
            <button
              type="button"
              aria-disabled={refund.busy || undefined}
              disabled={purchase.fullyReturned || isOtherMember}
              onClick={() => submit(true)}
            >
              {t('refund.submitAll')}
            </button>
          </div>
        </section>
      ) : null}
      <ErrorMessage>{lookupError || refund.errorText}</ErrorMessage>
      {result ? (
        <div className="points-result" role="status" aria-label={t('refund.resultLabel')} ref={resultRef} tabIndex={-1}>
          <p className="result-big">
            {pts(result.pointsReturned + result.rewardPointsReturned - result.pointsClawedBack, true)}
          </p>
          <p className="result-explain">
            {t('refund.resultLine', {
              amount: money(result.amountMinor),
              clawed: pts(result.pointsClawedBack),
              receipt: result.receiptNo,
            })}
            {result.pointsReturned > 0 ? ' ' + t('refund.resultReturned', { points: pts(result.pointsReturned) }) : ''}
            {result.rewardPointsReturned > 0
              ? ' ' + t('refund.resultReward', { points: pts(result.rewardPointsReturned) })
              : ''}
          </p>
          {result.shortfall > 0 ? (
            <p className="result-warn">{t('refund.shortfall', { points: pts(result.shortfall) })}</p>
          ) : result.pointsClawedBack > 0 && result.balance < 0 ? (
            <p className="result-warn">{t('refund.negative', { balance: pts(result.balance) })}</p>
          ) : null}
          <p className="result-meta">
            {t('refund.policyApplied', {
              policy: t(`refund.policyName.${result.policy}`),
              balance: pts(result.balance),
            })}
          </p>
          <p className="hint">{explain(result.facts, { receipt: false })}</p>
        </div>
      ) : null}
    </div>
  );
}
