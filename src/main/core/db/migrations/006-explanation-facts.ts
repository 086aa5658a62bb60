import type { Db } from '../open-database';
import type { Migration } from '../migration';

/**
 * Explanations become facts: `points_ledger`, `points_purchases` and `points_refunds`
 * get a `facts` column (JSON, schema version 1 of src/shared/explain/facts.ts) and lose
 * the English `explanation` text (and the purchases' `breakdown`, which facts replace).
 * Readers render facts in their own language, so older history reads in Chinese too.
 *
 * Existing rows are rebuilt from the figures stored with them, not from their English:
 * - a purchase (and its earn entry) from its lines, the rule version that priced it and
 *   the winners its v5 breakdown names; the rebuilt arithmetic must reproduce the stored
 *   points exactly, or the row gets `legacy` facts (kind, points, amount, receipt);
 * - pay entries from the purchase and the rule version's redeem value;
 * - refunds and their entries from the refund row (and the claw-back entry's balance for
 *   how far it went below zero); redemptions and voids from the redemption row; expiry
 *   from the lots the entry consumed; adjustments and clears from their reason. Whether
 *   a clear was a bulk clear comes from its operation record or from sharing its op id
 *   with other clears; only when both are gone is the old text's first words consulted.
 * - idempotency records of points writes (replayed on a retry) get the new result shape.
 *
 * The ledger is append-only; this is the one place its rows are rewritten: the
 * no-update trigger is lifted for this step's transaction and put back at its end.
 * `ADD COLUMN ... NOT NULL` needs a default, so the column keeps DEFAULT '' and an
 * insert trigger refuses an empty value: a writer that forgot its facts fails loudly.
 *
 * Everything it needs is copied here (the v1 facts shape, the rounding, the multiplier
 * lookup): a migration must keep meaning what it meant when it shipped, whatever the
 * live earning code becomes.
 */

type Rounding = 'down' | 'nearest' | 'up';

interface V5Rules {
  earnRate: { points: number; perMinor: number };
  rounding: Rounding;
  minSpendMinor: number;
  redeemValue: { minor: number; perPoints: number };
  categoryMultipliers: { category: string; multiplierPercent: number }[];
  skuMultipliers: { sku: string; multiplierPercent: number }[];
  promotions: { name: string; kind: string; category?: string; multiplierPercent?: number }[];
}

interface V5Breakdown {
  tier: { name: string; multiplierPercent: number } | null;
  promotions: { name: string; multiplierPercent?: number; bonusPoints?: number }[];
  totalPoints: number;
}

interface PurchaseRow {
  id: string;
  receipt_no: string;
  total_minor: number;
  discount_minor: number;
  paid_minor: number;
  points_used: number;
  points_earned: number;
  rule_version: number;
  breakdown: string;
  earn_entry_id: string | null;
  pay_entry_id: string | null;
}

interface LineRow {
  sku: string | null;
  category: string | null;
  amount_minor: number;
  discount_minor: number;
}

interface EntryRow {
  seq: number;
  id: string;
  kind: string;
  points: number;
  balance_after: number;
  op_id: string;
  ref_id: string | null;
  reason: string | null;
  explanation: string;
}

interface RefundRow {
  id: string;
  purchase_id: string;
  amount_minor: number;
  points_owed: number;
  points_clawed_back: number;
  shortfall: number;
  points_returned: number;
  policy: string;
  lines: string;
}

type Facts = Record<string, unknown> & { kind: string };

const V = 1;
const PAGE = 500;

function divRound(n: bigint, d: bigint, mode: Rounding): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n || mode === 'down') return q;
  if (mode === 'up') return q + 1n;
  return 2n * r >= d ? q + 1n : q;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

class CannotRebuild extends Error {}
function check(ok: boolean, what: string): void {
  if (!ok) throw new CannotRebuild(what);
}

function legacy(entry: string, points: number, extra: { amountMinor?: number; receiptNo?: string; reason?: string }) {
  const out: Facts = { schemaVersion: V, kind: 'legacy', entry, points };
  if (extra.amountMinor !== undefined) out.amountMinor = extra.amountMinor;
  if (extra.reason) out.reason = extra.reason;
  if (extra.receiptNo) out.receiptNo = extra.receiptNo;
  return out;
}

function rulesLoader(db: Db) {
  const get = db.prepare('SELECT rules FROM points_rule_sets WHERE version = ?').pluck();
  const cache = new Map<number, V5Rules>();
  return (version: number): V5Rules => {
    let rules = cache.get(version);
    if (!rules) {
      rules = JSON.parse(get.get(version) as string) as V5Rules;
      cache.set(version, rules);
    }
    return rules;
  };
}

/** The award facts of a v5 purchase, checked against its stored points; throws CannotRebuild. */
function earnFactsOf(p: PurchaseRow, lines: LineRow[], rules: V5Rules): Facts {
  const b = JSON.parse(p.breakdown) as V5Breakdown;
  check(b.totalPoints === p.points_earned, 'breakdown total');
  check(lines.length > 0, 'lines');
  const paidPerLine = lines.map((l) => l.amount_minor - l.discount_minor);
  check(paidPerLine.every(isCount) && sum(paidPerLine) === p.paid_minor, 'paid');
  const { points: aPts, perMinor } = rules.earnRate;
  check(isCount(aPts) && isCount(perMinor) && perMinor > 0, 'rate');

  // The multiplier promotions that won some line, as the rule version defined them.
  const winners = new Map(
    (b.promotions ?? []).filter((w) => w.multiplierPercent !== undefined).map((w) => [w.name, w]),
  );
  const candidates = rules.promotions.filter(
    (r) => r.kind === 'multiplier' && winners.get(r.name)?.multiplierPercent === r.multiplierPercent,
  );
  check(candidates.length >= winners.size, 'promotions');
  const parts = new Map<string, { onMinor: number; item?: unknown; promotion?: unknown }>();
  const tierPct = BigInt(b.tier?.multiplierPercent ?? 100);
  let numerator = 0n;
  lines.forEach((l, i) => {
    let itemPct = 100;
    let item: { by: string; code: string; percent: number } | undefined;
    const sku = l.sku === null ? undefined : rules.skuMultipliers.find((m) => m.sku === l.sku);
    const cat = l.category === null ? undefined : rules.categoryMultipliers.find((m) => m.category === l.category);
    if (sku) [itemPct, item] = [sku.multiplierPercent, { by: 'sku', code: sku.sku, percent: sku.multiplierPercent }];
    else if (cat) {
      [itemPct, item] = [cat.multiplierPercent, { by: 'category', code: cat.category, percent: cat.multiplierPercent }];
    }
    if (itemPct === 100) item = undefined;
    let promoPct = 100;
    let promotion: { name: string; percent: number } | undefined;
    for (const c of candidates) {
      if (c.category !== undefined && c.category !== l.category) continue;
      if (c.multiplierPercent! > promoPct) {
        promoPct = c.multiplierPercent!;
        promotion = { name: c.name, percent: promoPct };
      }
    }
    numerator += BigInt(paidPerLine[i]) * BigInt(aPts) * BigInt(itemPct) * tierPct * BigInt(promoPct);
    const key = JSON.stringify([item ?? null, promotion ?? null]);
    const part = parts.get(key);
    if (part) part.onMinor += paidPerLine[i];
    else parts.set(key, { onMinor: paidPerLine[i], ...(item ? { item } : {}), ...(promotion ? { promotion } : {}) });
  });

  const bonuses = (b.promotions ?? [])
    .filter((w) => w.bonusPoints !== undefined)
    .map((w) => ({ name: w.name, points: w.bonusPoints! }));
  check(
    bonuses.every((x) => isCount(x.points) && x.points > 0),
    'bonuses',
  );
  const earning = p.paid_minor >= rules.minSpendMinor && p.paid_minor > 0;
  const expected = earning
    ? divRound(numerator, BigInt(perMinor) * 1_000_000n, rules.rounding) + BigInt(sum(bonuses.map((x) => x.points)))
    : 0n;
  check(expected === BigInt(p.points_earned), 'points');
  check(earning || bonuses.length === 0, 'bonus below minimum');

  const f: Facts = {
    schemaVersion: V,
    kind: 'earn',
    ruleVersion: p.rule_version,
    rate: { points: aPts, perMinor },
    minSpendMinor: rules.minSpendMinor,
    rounding: { mode: rules.rounding, appliedTo: 'purchase' },
    paidMinor: p.paid_minor,
    parts: [...parts.values()],
  };
  if (b.tier) f.tier = { name: b.tier.name, percent: b.tier.multiplierPercent };
  if (bonuses.length > 0) f.bonuses = bonuses;
  if (p.points_used > 0) {
    f.payment = { totalMinor: p.total_minor, discountMinor: p.discount_minor, pointsUsed: p.points_used };
  }
  f.points = p.points_earned;
  f.receiptNo = p.receipt_no; // last, as the live writer orders it (see facts.ts)
  return f;
}

function payFactsOf(p: PurchaseRow, rules: V5Rules): Facts {
  const { minor, perPoints } = rules.redeemValue;
  check(Number((BigInt(p.points_used) * BigInt(minor)) / BigInt(perPoints)) === p.discount_minor, 'discount');
  return {
    schemaVersion: V,
    kind: 'pay',
    ruleVersion: p.rule_version,
    totalMinor: p.total_minor,
    discountMinor: p.discount_minor,
    pointsUsed: p.points_used,
    redeemValue: { minor, perPoints },
    receiptNo: p.receipt_no,
  };
}

interface RefundLine {
  lineNo: number;
  quantity: number;
  amountMinor: number;
  pointsClawedBack: number;
  pointsReturned: number;
}

function refundFactsOf(r: RefundRow, receiptNo: string, ruleVersion: number, overdrawn: number): Facts {
  const lines = JSON.parse(r.lines) as RefundLine[];
  check(Array.isArray(lines) && lines.length > 0, 'refund lines');
  check(sum(lines.map((l) => l.amountMinor)) === r.amount_minor, 'refund amount');
  check(sum(lines.map((l) => l.pointsClawedBack)) === r.points_owed, 'refund owed');
  check(sum(lines.map((l) => l.pointsReturned)) === r.points_returned, 'refund returned');
  check(r.points_clawed_back + r.shortfall === r.points_owed, 'refund shortfall');
  check(r.policy === 'clawBackNegative' || r.policy === 'capAtZero', 'refund policy');
  return {
    schemaVersion: V,
    kind: 'refund',
    purchaseRuleVersion: ruleVersion,
    policy: r.policy,
    lines: lines.map((l) => ({
      lineNo: l.lineNo,
      quantity: l.quantity,
      amountMinor: l.amountMinor,
      pointsOwed: l.pointsClawedBack,
      pointsReturned: l.pointsReturned,
    })),
    amountMinor: r.amount_minor,
    pointsOwed: r.points_owed,
    pointsClawedBack: r.points_clawed_back,
    shortfall: r.shortfall,
    overdrawn,
    pointsReturned: r.points_returned,
    receiptNo,
  };
}

/** Tries `build`; a row whose figures do not add up gets `fallback` (legacy) instead. */
function rebuilt(build: () => Facts, fallback: () => Facts): Facts {
  try {
    return build();
  } catch (err) {
    if (err instanceof CannotRebuild || err instanceof SyntaxError || err instanceof TypeError) return fallback();
    throw err;
  }
}

function convertPurchases(db: Db): void {
  const rulesOf = rulesLoader(db);
  // One query per page: the purchases, their lines and the points of their two entries.
  const page = db.prepare(
    `SELECT p.id, p.receipt_no, p.total_minor, p.discount_minor, p.paid_minor, p.points_used, p.points_earned,
            p.rule_version, p.breakdown, p.earn_entry_id, p.pay_entry_id,
            e.points AS earn_points, y.points AS pay_points,
            l.sku, l.category, l.amount_minor, l.discount_minor AS line_discount
       FROM (SELECT * FROM points_purchases WHERE id > ? ORDER BY id LIMIT ?) p
       LEFT JOIN points_purchase_lines l ON l.purchase_id = p.id
       LEFT JOIN points_ledger e ON e.id = p.earn_entry_id
       LEFT JOIN points_ledger y ON y.id = p.pay_entry_id
      ORDER BY p.id, l.line_no`,
  );
  const setPurchase = db.prepare('UPDATE points_purchases SET facts = ? WHERE id = ?');
  const setEntry = db.prepare('UPDATE points_ledger SET facts = ? WHERE id = ?');
  type Row = PurchaseRow &
    Partial<LineRow> & { earn_points: number | null; pay_points: number | null; line_discount: number | null };
  const convert = (p: Row, lines: LineRow[]) => {
    const rules = rulesOf(p.rule_version);
    const earn = rebuilt(
      () => earnFactsOf(p, lines, rules),
      () => legacy('purchase', p.points_earned, { amountMinor: p.total_minor, receiptNo: p.receipt_no }),
    );
    setPurchase.run(JSON.stringify(earn), p.id);
    if (p.earn_entry_id) {
      const ok = earn.kind === 'earn' && p.earn_points === p.points_earned;
      const facts = ok
        ? earn
        : legacy('earn', p.earn_points ?? p.points_earned, { amountMinor: p.total_minor, receiptNo: p.receipt_no });
      setEntry.run(JSON.stringify(facts), p.earn_entry_id);
    }
    if (p.pay_entry_id) {
      const facts = rebuilt(
        () => {
          check(p.pay_points === -p.points_used, 'pay points');
          return payFactsOf(p, rules);
        },
        () => legacy('pay', p.pay_points ?? -p.points_used, { amountMinor: p.discount_minor, receiptNo: p.receipt_no }),
      );
      setEntry.run(JSON.stringify(facts), p.pay_entry_id);
    }
  };
  let after = '';
  for (;;) {
    const rows = page.all(after, PAGE) as Row[];
    if (rows.length === 0) break;
    let i = 0;
    while (i < rows.length) {
      const p = rows[i];
      const lines: LineRow[] = [];
      for (; i < rows.length && rows[i].id === p.id; i++) {
        const r = rows[i];
        if (r.amount_minor !== null && r.amount_minor !== undefined) {
          lines.push({
            sku: r.sku ?? null,
            category: r.category ?? null,
            amount_minor: r.amount_minor,
            discount_minor: r.line_discount ?? 0,
          });
        }
      }
      convert(p, lines);
    }
    after = rows[rows.length - 1].id;
  }
}

function convertEntries(db: Db): void {
  const page = db.prepare(
    `SELECT seq, id, kind, points, balance_after, op_id, ref_id, reason, explanation FROM points_ledger
     WHERE seq > ? AND facts = '' ORDER BY seq LIMIT ?`,
  );
  const setEntry = db.prepare('UPDATE points_ledger SET facts = ? WHERE seq = ?');
  const setRefund = db.prepare('UPDATE points_refunds SET facts = ? WHERE id = ?');
  const refundOf = db.prepare('SELECT * FROM points_refunds WHERE id = ?');
  const purchaseOf = db.prepare('SELECT receipt_no, rule_version, total_minor FROM points_purchases WHERE id = ?');
  const redemptionOf = db.prepare(
    'SELECT reward_id, reward_name, kind, points, coupon_code, discount_minor, void_reason FROM reward_redemptions WHERE id = ?',
  );
  const lotsOf = db.prepare(
    `SELECT count(*) AS lots, coalesce(sum(u.points), 0) AS points, min(l.earned_at) AS first, max(l.earned_at) AS last
     FROM points_lot_uses u JOIN points_lots l ON l.id = u.lot_id WHERE u.entry_id = ?`,
  );
  const operationChannel = db.prepare('SELECT channel FROM points_operations WHERE op_id = ?').pluck();
  // Clears sharing one op id with another member's clear were one bulk clear.
  const clearsInOp = db.prepare("SELECT count(*) FROM points_ledger WHERE op_id = ? AND kind = 'clear'").pluck();

  const refundContext = (refId: string | null) => {
    const refund = refId ? (refundOf.get(refId) as RefundRow | undefined) : undefined;
    const purchase = refund
      ? (purchaseOf.get(refund.purchase_id) as { receipt_no: string; rule_version: number } | undefined)
      : undefined;
    return { refund, purchase };
  };

  const factsOf = (e: EntryRow): Facts => {
    const fallback = (extra: { amountMinor?: number; receiptNo?: string } = {}) =>
      legacy(e.kind, e.points, { ...extra, ...(e.reason ? { reason: e.reason } : {}) });
    switch (e.kind) {
      case 'refund_clawback': {
        const { refund, purchase } = refundContext(e.ref_id);
        if (!refund || !purchase) return fallback();
        const clawed = -e.points;
        // The balance just before the claw-back; what it took beyond that went below zero.
        const available = Math.max(0, e.balance_after + clawed);
        const f = rebuilt(
          () => {
            check(clawed === refund.points_clawed_back, 'clawed');
            return refundFactsOf(refund, purchase.receipt_no, purchase.rule_version, Math.max(0, clawed - available));
          },
          () => fallback({ amountMinor: refund.amount_minor, receiptNo: purchase.receipt_no }),
        );
        setRefund.run(
          JSON.stringify(
            f.kind === 'refund'
              ? f
              : legacy('refund', -refund.points_clawed_back + refund.points_returned, {
                  amountMinor: refund.amount_minor,
                  receiptNo: purchase.receipt_no,
                }),
          ),
          refund.id,
        );
        return f;
      }
      case 'refund_return': {
        const { refund, purchase } = refundContext(e.ref_id);
        if (!refund || !purchase) return fallback();
        return rebuilt(
          () => {
            const lines = JSON.parse(refund.lines) as RefundLine[];
            check(e.points === refund.points_returned && sum(lines.map((l) => l.pointsReturned)) === e.points, 'ret');
            return {
              schemaVersion: V,
              kind: 'refundReturn',
              lines: lines.map((l) => ({ lineNo: l.lineNo, quantity: l.quantity, points: l.pointsReturned })),
              points: e.points,
              receiptNo: purchase.receipt_no,
            };
          },
          () => fallback({ receiptNo: purchase.receipt_no }),
        );
      }
      case 'redeem':
      case 'redeem_void': {
        const r = e.ref_id
          ? (redemptionOf.get(e.ref_id) as
              | {
                  reward_id: string;
                  reward_name: string;
                  kind: string;
                  points: number;
                  coupon_code: string | null;
                  discount_minor: number | null;
                  void_reason: string | null;
                }
              | undefined)
          : undefined;
        if (!r || Math.abs(e.points) !== r.points) return fallback();
        const reward = { id: r.reward_id, name: r.reward_name, kind: r.kind };
        if (e.kind === 'redeem') {
          const f: Facts = { schemaVersion: V, kind: 'redeem', reward };
          if (r.coupon_code) f.couponCode = r.coupon_code;
          if (r.discount_minor !== null) f.discountMinor = r.discount_minor;
          f.points = r.points;
          return f;
        }
        const reason = e.reason ?? r.void_reason;
        if (!reason) return fallback();
        return { schemaVersion: V, kind: 'redeemVoid', reward, points: r.points, reason };
      }
      case 'expire': {
        const lots = lotsOf.get(e.id) as { lots: number; points: number; first: number | null; last: number | null };
        if (lots.lots === 0 || lots.points !== -e.points || lots.first === null || lots.last === null) {
          return fallback();
        }
        return {
          schemaVersion: V,
          kind: 'expire',
          points: -e.points,
          lots: lots.lots,
          earnedFrom: lots.first,
          earnedTo: lots.last,
        };
      }
      case 'adjust':
        return e.reason ? { schemaVersion: V, kind: 'adjust', points: e.points, reason: e.reason } : fallback();
      case 'clear': {
        if (!e.reason || e.points >= 0) return fallback();
        const channel = operationChannel.get(e.op_id) as string | undefined;
        const bulk =
          channel !== undefined
            ? channel === 'points:bulkClear'
            : (clearsInOp.get(e.op_id) as number) > 1 || e.explanation.startsWith('Bulk clear of ');
        return {
          schemaVersion: V,
          kind: 'clear',
          scope: bulk ? 'bulk' : 'member',
          points: -e.points,
          reason: e.reason,
        };
      }
      default: {
        // An earn or pay entry no purchase claimed: say what is certain.
        const p = e.ref_id
          ? (purchaseOf.get(e.ref_id) as { receipt_no: string; total_minor: number } | undefined)
          : undefined;
        return fallback(p ? { amountMinor: p.total_minor, receiptNo: p.receipt_no } : {});
      }
    }
  };

  let after = 0;
  for (;;) {
    const rows = page.all(after, PAGE) as EntryRow[];
    if (rows.length === 0) break;
    for (const e of rows) setEntry.run(JSON.stringify(factsOf(e)), e.seq);
    after = rows[rows.length - 1].seq;
  }
}

/** Refunds with no claw-back entry (nothing was owed, or nothing could be taken). */
function convertRemainingRefunds(db: Db): void {
  const rows = db
    .prepare(
      `SELECT r.*, p.receipt_no, p.rule_version FROM points_refunds r JOIN points_purchases p ON p.id = r.purchase_id
       WHERE r.facts = ''`,
    )
    .all() as (RefundRow & { receipt_no: string; rule_version: number })[];
  const set = db.prepare('UPDATE points_refunds SET facts = ? WHERE id = ?');
  for (const r of rows) {
    const f = rebuilt(
      () => refundFactsOf(r, r.receipt_no, r.rule_version, 0),
      () =>
        legacy('refund', r.points_returned - r.points_clawed_back, {
          amountMinor: r.amount_minor,
          receiptNo: r.receipt_no,
        }),
    );
    set.run(JSON.stringify(f), r.id);
  }
}

/**
 * A retry of an operation recorded before this step replays its stored result: give
 * those results the shape readers now expect (facts, no English).
 */
function convertOperationResults(db: Db): void {
  const rows = db
    .prepare(
      `SELECT seq, channel, result FROM points_operations
       WHERE channel IN ('points:award', 'points:refund', 'points:adjust', 'points:clearMember')`,
    )
    .all() as { seq: number; channel: string; result: string }[];
  const purchaseFacts = db.prepare('SELECT facts FROM points_purchases WHERE id = ?').pluck();
  const refundFacts = db.prepare('SELECT facts FROM points_refunds WHERE id = ?').pluck();
  const entryFacts = db.prepare('SELECT facts FROM points_ledger WHERE id = ?').pluck();
  const set = db.prepare('UPDATE points_operations SET result = ? WHERE seq = ?');
  for (const row of rows) {
    const result = JSON.parse(row.result) as Record<string, unknown>;
    const facts =
      row.channel === 'points:award'
        ? purchaseFacts.get(result.purchaseId)
        : row.channel === 'points:refund'
          ? refundFacts.get(result.refundId)
          : entryFacts.get(result.id);
    if (typeof facts !== 'string') continue;
    delete result.explanation;
    delete result.breakdown;
    result.facts = JSON.parse(facts) as unknown;
    set.run(JSON.stringify(result), row.seq);
  }
}

export const m006ExplanationFacts: Migration = {
  version: 6,
  name: '006-explanation-facts',
  up(db) {
    // Every row of three tables grows in place: a 128 MB page cache for this step only
    // (measured here: 100k entries 9.7 s with the default 2 MB, 4.6-6.5 s with it).
    const cacheSize = db.pragma('cache_size', { simple: true }) as number;
    db.pragma('cache_size = -131072');
    try {
      db.exec(`
      DROP TRIGGER points_ledger_no_update;
      ALTER TABLE points_ledger ADD COLUMN facts TEXT NOT NULL DEFAULT '';
      ALTER TABLE points_purchases ADD COLUMN facts TEXT NOT NULL DEFAULT '';
      ALTER TABLE points_refunds ADD COLUMN facts TEXT NOT NULL DEFAULT '';
    `);
      convertPurchases(db);
      convertEntries(db);
      convertRemainingRefunds(db);
      convertOperationResults(db);
      db.exec(`
      ALTER TABLE points_ledger DROP COLUMN explanation;
      ALTER TABLE points_purchases DROP COLUMN explanation;
      ALTER TABLE points_purchases DROP COLUMN breakdown;
      ALTER TABLE points_refunds DROP COLUMN explanation;
      CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
      BEGIN SELECT RAISE(ABORT, 'points_ledger is append-only'); END;
      CREATE TRIGGER points_ledger_facts_required BEFORE INSERT ON points_ledger WHEN NEW.facts = ''
      BEGIN SELECT RAISE(ABORT, 'points_ledger.facts is required'); END;
      CREATE TRIGGER points_purchases_facts_required BEFORE INSERT ON points_purchases WHEN NEW.facts = ''
      BEGIN SELECT RAISE(ABORT, 'points_purchases.facts is required'); END;
      CREATE TRIGGER points_refunds_facts_required BEFORE INSERT ON points_refunds WHEN NEW.facts = ''
      BEGIN SELECT RAISE(ABORT, 'points_refunds.facts is required'); END;
    `);
    } finally {
      db.pragma(`cache_size = ${cacheSize}`);
    }
  },
};
