import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/Messages';
import { TextField } from '../../components/form';
import { useCommand } from '../../lib/use-command';
import { useQuery } from '../../lib/use-query';
import type { RulesStateDto } from '../../../../shared/contract/points';
import { parseWhole } from './decimal-input';
import { useReportUnsaved } from '../../stores/counter-draft';
import { useMemberEvents } from '../members/member-events';
import { usePointsFormat } from './use-points-format';
import { peekRefundHandoff, useRefundHandoff } from './refund-handoff';
import { firstReturnable, nextAfterQuantity } from './refund-keys';

/**
 * Refund: find the receipt (typed, or picked from the member's recent purchases), pick
 * lines and quantities, see what comes back. The result shows the points taken back,
 * the points that had paid for the lines and come back, and — under the policy in force
 * — a shortfall when the member had already spent what the lines earned. A double press
 * or a retry after a lost reply refunds once (`useCommand`); after a success the focus
 * moves to the result, off the buttons.
 *
 * Keyboard first (issue 9 item 12): ↓ in the receipt field goes to the recent receipts,
 * an opened receipt puts the cursor in the first quantity that can still come back,
 * Enter in a quantity moves on to the next one and then to "Refund these items" — one
 * line of a recent receipt is Alt+F, ↓, Enter, 1, Enter, Enter. A receipt of another
 * member names them (quantities read-only) and offers to open them with the receipt.
 */
export function RefundPanel(props: {
  memberId: string;
  rules: RulesStateDto | null;
  receiptRef: RefObject<HTMLInputElement | null>;
}) {
  const { memberId, rules, receiptRef } = props;
  const { t } = useTranslation('points');
  const { money, dateTime, pts, explain } = usePointsFormat();
  // A receipt handed over from another member's Refund tab opens at once.
  const [handed] = useState(() => peekRefundHandoff(memberId));
  const [receiptNo, setReceiptNo] = useState(handed ?? '');
  /** The receipt shown (what Find or a recent receipt opened). */
  const [opened, setOpened] = useState<string | null>(handed);
  /** Bumped when a receipt is opened: its first returnable quantity takes the cursor once loaded. */
  const [focusLines, setFocusLines] = useState(handed === null ? 0 : 1);
  const focusedLines = useRef(0);
  const tableRef = useRef<HTMLTableElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const recentRef = useRef<HTMLDivElement>(null);
  const openOwnerRef = useRef<HTMLButtonElement>(null);
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [findProblem, setFindProblem] = useState('');
  const [successCount, setSuccessCount] = useState(0);
  const resultRef = useRef<HTMLDivElement>(null);
  const recent = useQuery('points:listPurchases', { memberId, limit: 10 }).data ?? [];
  const lookup = useQuery('points:getPurchase', opened === null ? null : { receiptNo: opened });
  const purchase = lookup.data;
  const isOtherMember = purchase !== null && purchase.memberId !== memberId;
  // Whose receipt it is, by name (members area), only when it is not this member's.
  const owner = useQuery('members:get', purchase && isOtherMember ? { memberId: purchase.memberId } : null).data;
  const openAtCounter = useMemberEvents((s) => s.openAtCounter);
  const handOff = useRefundHandoff((s) => s.hand);
  const clearHandoff = useRefundHandoff((s) => s.clear);
  useEffect(() => {
    if (handed !== null) clearHandoff();
  }, [handed, clearHandoff]);
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

  const quantityInputs = () =>
    Array.from(tableRef.current?.querySelectorAll<HTMLInputElement>('input[data-line]') ?? []);
  const returnable = (inputs: HTMLInputElement[]) => inputs.map((i) => !i.disabled && !i.readOnly);

  // After every render: a receipt just opened, once its lines are here, puts the cursor in
  // its first quantity that can come back (hidden panels cannot take focus: wait for it).
  useEffect(() => {
    if (focusLines === focusedLines.current || !purchase || !lookup.settled) return;
    if (tableRef.current?.offsetParent === null) return;
    if (isOtherMember) {
      // Nothing to type here: the way on is opening that member (once we know who).
      if (!owner) return;
      focusedLines.current = focusLines;
      openOwnerRef.current?.focus();
      return;
    }
    focusedLines.current = focusLines;
    const inputs = quantityInputs();
    const first = firstReturnable(returnable(inputs));
    if (first !== null) inputs[first].focus();
  });

  const onQuantityKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const inputs = quantityInputs();
    const next = nextAfterQuantity(returnable(inputs), inputs.indexOf(e.currentTarget));
    if (next === 'submit') submitRef.current?.focus();
    else inputs[next].focus();
  };

  /** ↓/↑ from the receipt field through the recent receipts (Enter opens one). */
  const onRecentKey = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = Array.from(recentRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
    if (buttons.length === 0) return;
    e.preventDefault();
    const at = buttons.indexOf(e.target as HTMLButtonElement);
    if (at < 0) {
      if (e.key === 'ArrowDown') buttons[0].focus();
      return;
    }
    if (e.key === 'ArrowUp' && at === 0) receiptRef.current?.focus();
    else buttons[Math.min(buttons.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))].focus();
  };

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
    setFocusLines((n) => n + 1);
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
            onKeyDown={onRecentKey}
            hint={recent.length > 0 ? t('refund.receiptHint') : undefined}
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
            <div className="actions" ref={recentRef} onKeyDown={onRecentKey}>
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
          {isOtherMember ? (
            <div className="message message-error refund-other-member">
              <p>
                {owner
                  ? t('refund.otherMemberNamed', { name: owner.name, card: owner.cardNumber })
                  : t('refund.otherMember')}
              </p>
              {owner ? (
                <button
                  type="button"
                  className="primary"
                  ref={openOwnerRef}
                  onClick={() => {
                    handOff(owner.id, purchase.receiptNo);
                    openAtCounter(owner.id);
                  }}
                >
                  {t('refund.openOwner', { name: owner.name })}
                </button>
              ) : null}
            </div>
          ) : null}
          <table aria-label={t('refund.lines')} ref={tableRef}>
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
                        data-line={l.lineNo}
                        aria-label={t('refund.returnQtyOf', { line: l.lineNo })}
                        disabled={left === 0}
                        // Another member's receipt: seen, not changed here (open them first).
                        readOnly={isOtherMember}
                        placeholder={left === 0 ? '—' : `0–${left}`}
                        value={isOtherMember ? '' : (quantities[l.lineNo] ?? '')}
                        onKeyDown={onQuantityKey}
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
              ref={submitRef}
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
