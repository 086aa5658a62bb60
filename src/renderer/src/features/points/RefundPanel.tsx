import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api';
import { ErrorMessage } from '../../components/Messages';
import type {
  PurchaseDto,
  PurchaseSummaryDto,
  RefundResultDto,
  RulesStateDto,
} from '../../../../shared/contract/points';
import { parseWhole } from './decimal-input';
import { pointsErrorText } from './points-errors';
import { useOperationAttempt } from '../../lib/use-operation-attempt';
import { usePointsFormat } from './use-points-format';

/**
 * Refund: find the receipt (typed, or picked from the member's recent purchases), pick
 * lines and quantities, see what comes back. The result shows the points taken back,
 * the points that had paid for the lines and come back, and — under the policy in force
 * — a shortfall when the member had already spent what the lines earned.
 */
export function RefundPanel(props: {
  memberId: string;
  rules: RulesStateDto | null;
  version: number;
  receiptRef: RefObject<HTMLInputElement | null>;
  onChanged(): void;
}) {
  const { memberId, rules, version, receiptRef, onChanged } = props;
  const { t } = useTranslation('points');
  const { money, dateTime, pts, explain } = usePointsFormat();
  const [receiptNo, setReceiptNo] = useState('');
  const [purchase, setPurchase] = useState<PurchaseDto | null>(null);
  const [recent, setRecent] = useState<PurchaseSummaryDto[]>([]);
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [result, setResult] = useState<RefundResultDto | null>(null);
  const [error, setError] = useState('');
  const busy = useRef(false);
  const attempt = useOperationAttempt();

  useEffect(() => {
    let live = true;
    void call('points:listPurchases', { memberId, limit: 10 }).then((r) => {
      if (live && r.ok) setRecent(r.value);
    });
    return () => {
      live = false;
    };
  }, [memberId, version]);

  const open = async (no: string) => {
    const trimmed = no.trim();
    if (trimmed === '') {
      setError(t('refund.receiptRequired'));
      receiptRef.current?.focus();
      return;
    }
    const r = await call('points:getPurchase', { receiptNo: trimmed });
    if (!r.ok) {
      setPurchase(null);
      setError(
        r.error.code === 'NOT_FOUND' ? t('refund.receiptNotFound', { receipt: trimmed }) : pointsErrorText(t, r.error),
      );
      return;
    }
    setError('');
    setResult(null);
    setReceiptNo(trimmed);
    setPurchase(r.value);
    setQuantities({});
  };

  const find = (e: FormEvent) => {
    e.preventDefault();
    void open(receiptNo);
  };

  const refund = async (everything: boolean) => {
    if (!purchase || busy.current) return;
    let lines: { lineNo: number; quantity: number }[] | undefined;
    if (!everything) {
      lines = [];
      for (const l of purchase.lines) {
        const raw = quantities[l.lineNo] ?? '';
        if (raw.trim() === '' || raw.trim() === '0') continue;
        const q = parseWhole(raw, 10_000);
        if (!q.ok) {
          setError(t('refund.quantityProblem', { line: l.lineNo }));
          return;
        }
        lines.push({ lineNo: l.lineNo, quantity: q.value });
      }
      if (lines.length === 0) {
        setError(t('refund.pickLines'));
        return;
      }
    }
    const payload = { receiptNo: purchase.receiptNo, ...(lines ? { lines } : {}) };
    const opId = attempt.opIdFor(JSON.stringify(payload));
    busy.current = true;
    const r = await call('points:refund', { opId, ...payload });
    busy.current = false;
    if (!r.ok) {
      setError(pointsErrorText(t, r.error));
      return;
    }
    attempt.finish();
    setError('');
    setResult(r.value);
    setQuantities({});
    onChanged();
    const again = await call('points:getPurchase', { receiptNo: purchase.receiptNo });
    if (again.ok) setPurchase(again.value);
  };

  const policy = rules?.current.rules.refundPolicy;
  const isOtherMember = purchase !== null && purchase.memberId !== memberId;

  return (
    <div className="refund-panel">
      <form className="card" aria-label={t('refund.findForm')} onSubmit={find}>
        <div className="award-fields">
          <div className="field">
            <label htmlFor="refund-receipt">{t('refund.receipt')}</label>
            <input
              id="refund-receipt"
              ref={receiptRef}
              className="input-large"
              autoComplete="off"
              maxLength={40}
              value={receiptNo}
              onChange={(e) => setReceiptNo(e.target.value)}
            />
          </div>
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
                  onClick={() => {
                    setReceiptNo(p.receiptNo);
                    void open(p.receiptNo);
                  }}
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
                        onChange={(e) => setQuantities({ ...quantities, [l.lineNo]: e.target.value })}
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
              disabled={purchase.fullyReturned || isOtherMember}
              onClick={() => void refund(false)}
            >
              {t('refund.submitLines')}
            </button>
            <button type="button" disabled={purchase.fullyReturned || isOtherMember} onClick={() => void refund(true)}>
              {t('refund.submitAll')}
            </button>
          </div>
        </section>
      ) : null}
      <ErrorMessage>{error}</ErrorMessage>
      {result ? (
        <div className="points-result" role="status" aria-label={t('refund.resultLabel')}>
          <p className="result-big">{pts(result.pointsReturned - result.pointsClawedBack, true)}</p>
          <p className="result-explain">
            {t('refund.resultLine', {
              amount: money(result.amountMinor),
              clawed: pts(result.pointsClawedBack),
              receipt: result.receiptNo,
            })}
            {result.pointsReturned > 0 ? ' ' + t('refund.resultReturned', { points: pts(result.pointsReturned) }) : ''}
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
