import type { HandlerContext, ReadContext, Refuser } from '../context';
import { newId } from '../ids';
import type { ParsedRefundInput, RefundResultDto } from './types';
import { shareOf } from './exact-math';
import { ledgerEnv } from './env';
import { expireDueLots } from './expiry';
import { applyEntry, balanceOf, lotsUsedBy, type LedgerEnv, type LotSpec } from './ledger';
import { billRedemptionOf, noteRewardReturned } from '../rewards/redeem';
import type { RewardRefundPolicy } from '../../../shared/contract/points';
import { mergedInto, requireMember } from './member-access';
import { ruleSetAt } from './rules-repo';
import { clawBackGoals } from './goal-refund';
import { stmt } from '../db/statements';
import { receiptKey } from '../../../shared/receipt-no';
import { facts, parseFacts, type RefundFacts, type RefundReturnFacts } from '../../../shared/explain/facts';
import {
  add,
  max,
  min,
  neg,
  sub,
  unchecked,
  ZERO_MINOR,
  ZERO_POINTS,
  type Minor,
  type Points,
} from '../../../shared/units';

export interface PurchaseRow {
  id: string;
  receipt_no: string;
  member_id: string;
  staff_id: string | null;
  total_minor: Minor;
  discount_minor: Minor;
  reward_discount_minor: Minor;
  redemption_id: string | null;
  paid_minor: Minor;
  points_used: Points;
  points_earned: Points;
  rule_version: number;
  tier_name: string | null;
  facts: string;
  earn_entry_id: string | null;
  earn_lot_id: number | null;
  pay_entry_id: string | null;
  created_at: number;
}

export interface LineRow {
  line_no: number;
  sku: string | null;
  category: string | null;
  /** JSON array of the line's tags, or null (none, or stored before migration 017). */
  tags: string | null;
  quantity: number;
  unit_price_minor: Minor;
  amount_minor: Minor;
  discount_minor: Minor;
  reward_discount_minor: Minor;
  points_earned: Points;
  points_used: Points;
  returned_quantity: number;
}

export function findPurchase(ctx: Refuser<'receiptNotFound'>, receiptNo: string): PurchaseRow {
  const row = stmt(ctx.db, 'SELECT * FROM points_purchases WHERE receipt_key = ?').get(receiptKey(receiptNo)) as
    PurchaseRow | undefined;
  if (!row) throw ctx.refuse('receiptNotFound', { field: 'receiptNo', receiptNo });
  return row;
}

export function purchaseLines(ctx: Pick<ReadContext, 'db'>, purchaseId: string): LineRow[] {
  return stmt(ctx.db, 'SELECT * FROM points_purchase_lines WHERE purchase_id = ? ORDER BY line_no').all(
    purchaseId,
  ) as LineRow[];
}

/**
 * The part of a line's `value` that belongs to units [from, to) of its quantity:
 * floor(value × to / qty) − floor(value × from / qty). Partial returns therefore add
 * up to exactly the line's value once every unit is back, whatever the order.
 */
function unitsShare(value: Minor, from: number, to: number, qty: number): Minor;
function unitsShare(value: Points, from: number, to: number, qty: number): Points;
function unitsShare(value: Minor | Points, from: number, to: number, qty: number): number {
  return shareOf(value, to, qty) - shareOf(value, from, qty);
}

/**
 * A return against a receipt. For each returned unit: the money paid for it, the
 * points it earned (taken back, by the figures stored when it was awarded — the rule
 * version in force then), and the points that paid for it (given back). When the
 * member already spent the earned points, the policy in force now decides: claw back
 * to a negative balance, or stop at zero and record the shortfall.
 */
export function refundPurchase(
  ctx: HandlerContext<'receiptNotFound' | 'memberNotFound' | 'lineNotFound' | 'overReturn' | 'alreadyReturned'>,
  input: ParsedRefundInput,
): RefundResultDto {
  const { db } = ctx;
  const env = ledgerEnv(ctx, input.opId);
  const purchase = findPurchase(ctx, input.receiptNo);
  requireMember(ctx, purchase.member_id);
  // Bought on a provisional card since merged into the real member (issue 12): its points
  // and stamps moved there with the merge, so the claw-back is charged there too (its earn
  // lot went with them; its vouchers are the real member's: points/goals.ts#voucherHolders).
  const charged = mergedInto(db, purchase.member_id) ?? purchase.member_id;
  const lines = purchaseLines(ctx, purchase.id);
  const byNo = new Map(lines.map((l) => [l.line_no, l]));

  const wanted = input.lines
    ? input.lines.map((w) => {
        const line = byNo.get(w.lineNo);
        if (!line) throw ctx.refuse('lineNotFound', { field: 'lines', lineNo: w.lineNo });
        const left = line.quantity - line.returned_quantity;
        if (w.quantity > left) {
          throw ctx.refuse(
            'overReturn',
            { field: 'lines', lineNo: w.lineNo, returnable: left },
            {
              message:
                left === 0
                  ? `Line ${w.lineNo} was already returned`
                  : `Only ${left} of line ${w.lineNo} can still be returned`,
            },
          );
        }
        return { line, quantity: w.quantity };
      })
    : lines
        .filter((l) => l.returned_quantity < l.quantity)
        .map((l) => ({ line: l, quantity: l.quantity - l.returned_quantity }));
  if (wanted.length === 0) {
    throw ctx.refuse('alreadyReturned');
  }

  const rulesNow = ruleSetAt(db, env.now).rules;
  const policy = rulesNow.refundPolicy;
  const refundId = newId();
  const outLines: RefundResultDto['lines'] = [];
  let amount = ZERO_MINOR;
  let owed = ZERO_POINTS;
  let returned = ZERO_POINTS;
  let rewardDiscountBack = ZERO_MINOR;
  const bump = stmt(
    db,
    'UPDATE points_purchase_lines SET returned_quantity = returned_quantity + ? WHERE purchase_id = ? AND line_no = ?',
  );
  for (const { line, quantity } of wanted) {
    const from = line.returned_quantity;
    const to = from + quantity;
    const paid = sub(sub(line.amount_minor, line.reward_discount_minor), line.discount_minor);
    rewardDiscountBack = add(rewardDiscountBack, unitsShare(line.reward_discount_minor, from, to, line.quantity));
    const l = {
      lineNo: line.line_no,
      quantity,
      amountMinor: unitsShare(paid, from, to, line.quantity),
      pointsClawedBack: unitsShare(line.points_earned, from, to, line.quantity),
      pointsReturned: unitsShare(line.points_used, from, to, line.quantity),
    };
    bump.run(quantity, purchase.id, line.line_no);
    outLines.push(l);
    amount = add(amount, l.amountMinor);
    owed = add(owed, l.pointsClawedBack);
    returned = add(returned, l.pointsReturned);
  }

  if (returned > 0) {
    applyEntry(env, {
      memberId: charged,
      kind: 'refund_return',
      points: returned,
      facts: facts<RefundReturnFacts>({
        kind: 'refundReturn',
        receiptNo: purchase.receipt_no,
        lines: outLines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity, points: l.pointsReturned })),
        points: returned,
      }),
      refId: refundId,
      ruleVersion: purchase.rule_version,
      lots: restoredLots(db, purchase.pay_entry_id, returned, env.now),
    });
  }
  const rewardBack = giveBackBillReward(env, purchase, {
    policy: rulesNow.rewardRefundPolicy ?? 'proportional',
    discountBack: rewardDiscountBack,
    fullyReturned: lines.every(
      (l) => l.returned_quantity + (wanted.find((w) => w.line === l)?.quantity ?? 0) === l.quantity,
    ),
    refundId,
    lines: outLines,
  });
  // Goals (stamp cards, accumulators) give back what these units added: pending vouchers first.
  clawBackGoals(
    env,
    purchase,
    charged,
    wanted.map(({ line, quantity }) => ({
      lineNo: line.line_no,
      from: line.returned_quantity,
      to: line.returned_quantity + quantity,
      quantity: line.quantity,
    })),
  );
  // Due lots (the purchase's own among them) expire first, as the run would have done.
  const available = max(ZERO_POINTS, expireDueLots(env, charged));
  const clawed = policy === 'capAtZero' ? min(owed, available) : owed;
  const shortfall = sub(owed, clawed);
  const refundFacts = facts<RefundFacts>({
    kind: 'refund',
    receiptNo: purchase.receipt_no,
    purchaseRuleVersion: purchase.rule_version,
    policy,
    lines: outLines.map((l) => ({
      lineNo: l.lineNo,
      quantity: l.quantity,
      amountMinor: l.amountMinor,
      pointsOwed: l.pointsClawedBack,
      pointsReturned: l.pointsReturned,
    })),
    amountMinor: amount,
    pointsOwed: owed,
    pointsClawedBack: clawed,
    shortfall,
    // How far the claw-back takes the balance below zero (only clawBackNegative lets it).
    overdrawn: Math.max(0, clawed - available),
    pointsReturned: returned,
  });
  if (clawed > 0) {
    applyEntry(env, {
      memberId: charged,
      kind: 'refund_clawback',
      points: neg(clawed),
      facts: refundFacts,
      refId: refundId,
      ruleVersion: purchase.rule_version,
      preferLots: purchase.earn_lot_id === null || charged !== purchase.member_id ? undefined : [purchase.earn_lot_id],
    });
  }
  const result: RefundResultDto = {
    refundId,
    purchaseId: purchase.id,
    receiptNo: purchase.receipt_no,
    lines: outLines,
    amountMinor: amount,
    pointsOwed: owed,
    pointsClawedBack: clawed,
    shortfall,
    pointsReturned: returned,
    rewardPointsReturned: rewardBack,
    policy,
    facts: refundFacts,
    balance: balanceOf(db, charged),
    createdAt: env.now,
  };
  stmt(
    db,
    `INSERT INTO points_refunds (id, purchase_id, member_id, op_id, terminal_id, staff_id, amount_minor, points_owed,
       points_clawed_back, shortfall, points_returned, policy, facts, lines, created_at, reward_points_returned)
     VALUES (@id, @purchase_id, @member_id, @op_id, @terminal_id, @staff_id, @amount_minor, @points_owed,
       @points_clawed_back, @shortfall, @points_returned, @policy, @facts, @lines, @created_at,
       @reward_points_returned)`,
  ).run({
    id: refundId,
    purchase_id: purchase.id,
    member_id: purchase.member_id,
    op_id: input.opId,
    terminal_id: env.terminalId,
    staff_id: env.staffId,
    amount_minor: amount,
    points_owed: owed,
    points_clawed_back: clawed,
    shortfall,
    points_returned: returned,
    policy,
    facts: JSON.stringify(refundFacts),
    lines: JSON.stringify(outLines),
    created_at: env.now,
    reward_points_returned: rewardBack,
  });
  return result;
}

/**
 * Returned payment points get the expiry of the lots they were paid from, latest first
 * (the member's most valuable points come back first); any rest never expires.
 */
function restoredLots(db: ReadContext['db'], spendEntryId: string | null, points: Points, now: number): LotSpec[] {
  const out: LotSpec[] = [];
  let left = points;
  const used = spendEntryId ? lotsUsedBy(db, spendEntryId).reverse() : [];
  for (const u of used) {
    if (left === 0) break;
    const n = min(left, u.points);
    out.push({ points: n, earnedAt: u.earnedAt, expiresAt: u.expiresAt });
    left = sub(left, n);
  }
  if (left > 0) out.push({ points: left, earnedAt: now, expiresAt: null });
  return out;
}

export function refundRowsOf(ctx: Pick<ReadContext, 'db'>, purchaseId: string, balance: Points): RefundResultDto[] {
  const rows = stmt(ctx.db, 'SELECT * FROM points_refunds WHERE purchase_id = ? ORDER BY created_at, id').all(
    purchaseId,
  ) as {
    id: string;
    amount_minor: Minor;
    points_owed: Points;
    points_clawed_back: Points;
    shortfall: Points;
    points_returned: Points;
    reward_points_returned: Points;
    policy: RefundResultDto['policy'];
    facts: string;
    lines: string;
    created_at: number;
  }[];
  const purchase = stmt(ctx.db, 'SELECT receipt_no FROM points_purchases WHERE id = ?').get(purchaseId) as {
    receipt_no: string;
  };
  return rows.map((r) => ({
    refundId: r.id,
    purchaseId,
    receiptNo: purchase.receipt_no,
    lines: JSON.parse(r.lines) as RefundResultDto['lines'],
    amountMinor: r.amount_minor,
    pointsOwed: r.points_owed,
    pointsClawedBack: r.points_clawed_back,
    shortfall: r.shortfall,
    pointsReturned: r.points_returned,
    rewardPointsReturned: r.reward_points_returned,
    policy: r.policy,
    facts: parseFacts(r.facts) as RefundFacts,
    balance,
    createdAt: r.created_at,
  }));
}

/**
 * The receipt's bill reward (issue 11 item 2), by `rewardRefundPolicy` in force now:
 * `proportional` gives back floor(cost × reward discount returned so far / its
 * discount) less what earlier refunds gave (all of it once every unit is back);
 * `allOnFullRefund` all of it with the refund that returns the last unit; `none`
 * nothing. The points come back with the expiry of the lots the reward was paid from.
 *   Worked example: 500 pts for 10% off ¥100.00 (¥10.00 off, ¥1.00 a line over 10
 *   lines); return 3 lines → ¥3.00 of ¥10.00 → floor(500 × 300 / 1000) = 150 back.
 */
function giveBackBillReward(
  env: LedgerEnv,
  purchase: PurchaseRow,
  r: {
    policy: RewardRefundPolicy;
    discountBack: Minor;
    fullyReturned: boolean;
    refundId: string;
    lines: RefundResultDto['lines'];
  },
): Points {
  if (purchase.redemption_id === null) return ZERO_POINTS;
  const red = billRedemptionOf(env.db, purchase.id);
  if (!red) return ZERO_POINTS;
  const discountSoFar = add(red.discountReturnedMinor, r.discountBack);
  const target =
    r.policy === 'proportional'
      ? r.fullyReturned
        ? red.points
        : unchecked.points(shareOf(red.points, discountSoFar, red.discountMinor))
      : r.policy === 'allOnFullRefund' && r.fullyReturned
        ? red.points
        : red.pointsReturned;
  const back = max(ZERO_POINTS, sub(min(target, red.points), red.pointsReturned));
  noteRewardReturned(env.db, red.id, back, r.discountBack, r.fullyReturned);
  if (back > 0) {
    applyEntry(env, {
      memberId: purchase.member_id,
      kind: 'refund_return',
      points: back,
      facts: facts<RefundReturnFacts>({
        kind: 'refundReturn',
        lines: r.lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity, points: 0 })),
        points: back,
        reward: {
          name: red.rewardName,
          policy: r.policy,
          cost: red.points,
          discountMinor: red.discountMinor,
          discountReturnedMinor: discountSoFar,
        },
        receiptNo: purchase.receipt_no,
      }),
      refId: r.refundId,
      ruleVersion: purchase.rule_version,
      lots: restoredLots(env.db, red.entryId, back, env.now),
    });
  }
  return back;
}
