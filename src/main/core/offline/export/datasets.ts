import type { ColumnSpec } from './cell-sql';
import { AUDIT_LOG } from './audit-dataset';

/**
 * What an export writes. Every dataset carries the stable ids (UUIDv7) and the terminal
 * id where the row has one, so head office can merge folders from several terminals
 * and from overlapping runs by id without double counting.
 *
 * How a dataset is chosen for an incremental run:
 * - 'append': rows are never changed after insert and have a growing rowid (ledger,
 *   refunds): rows whose rowid is above the last successful export's watermark, up to
 *   the snapshot. Exact: no repeats, no gaps, whatever the clock does.
 * - 'changed': rows that change in place (members, redemptions being voided) or have no
 *   rowid (purchases are clustered on their UUIDv7 id): rows with a change/creation time
 *   at or after the previous snapshot time minus a safety overlap (CHANGED_OVERLAP_MS in
 *   selection.ts, for a clock nudged backwards). A row may appear in two exports (same
 *   id, same or newer values): merging by id keeps the newest, never two.
 * - 'all': small reference data written whole every time (rewards catalogue).
 * A full export writes every row of every dataset up to the snapshot.
 */
export type DatasetMode = 'append' | 'changed' | 'all';

export interface DatasetSpec {
  name: string;
  mode: DatasetMode;
  /** FROM clause including aliases and joins. */
  from: string;
  /** For 'append': the monotonically growing rowid the watermark tracks. */
  rowid?: string;
  /** For 'changed': the epoch-ms column (or expression) that says when the row last changed. */
  changedAt?: string;
  orderBy: string;
  columns: ColumnSpec[];
}

const int = (name: string, sql = name): ColumnSpec => ({ name, sql, type: 'int' });
const text = (name: string, sql = name): ColumnSpec => ({ name, sql, type: 'text' });
/** Ids, codes and enum words: a fast path when they look like one (see cell-sql.ts). */
const ident = (name: string, sql = name): ColumnSpec => ({ name, sql, type: 'id' });
const bool = (name: string, sql = name): ColumnSpec => ({ name, sql, type: 'bool' });
/** An E.164 phone: written exactly, never formula-escaped when it is one (cell-sql.ts). */
const e164 = (name: string, sql = name): ColumnSpec => ({ name, sql, type: 'e164' });
/** The English line of a stored facts column (explanation-column.ts). */
const explanation = (facts: string): ColumnSpec => ({ name: 'explanation', sql: facts, type: 'explanation' });

export const MEMBERS: DatasetSpec = {
  name: 'members',
  mode: 'changed',
  from: 'members m',
  changedAt: 'm.updated_at',
  orderBy: 'm.seq',
  // Never the PIN hash or lockout counters: head office gets contact data, not secrets.
  columns: [
    ident('id', 'm.id'),
    ident('card_number', 'm.card_number'),
    text('name', 'm.name'),
    // Phones (README "Data: exports"): `phone` is the exact E.164 value for programs,
    // `phone_tel` the same as a tel: URI that every spreadsheet keeps as text.
    e164('phone', 'm.phone'),
    text('phone_tel', "CASE WHEN m.phone IS NULL THEN NULL ELSE 'tel:' || m.phone END"),
    text('email', 'm.email'),
    text('birthday', 'm.birthday'),
    bool('marketing_consent', 'm.marketing_consent'),
    bool('active', 'm.active'),
    int('erased_at', 'm.erased_at'),
    int('created_at', 'm.created_at'),
    int('updated_at', 'm.updated_at'),
  ],
};

export const LEDGER: DatasetSpec = {
  name: 'ledger',
  mode: 'append',
  from: 'points_ledger l',
  rowid: 'l.seq',
  orderBy: 'l.seq',
  columns: [
    ident('id', 'l.id'),
    ident('member_id', 'l.member_id'),
    ident('kind', 'l.kind'),
    int('points', 'l.points'),
    int('balance_after', 'l.balance_after'),
    ident('op_id', 'l.op_id'),
    ident('terminal_id', 'l.terminal_id'),
    ident('staff_id', 'l.staff_id'),
    int('rule_version', 'l.rule_version'),
    ident('ref_id', 'l.ref_id'),
    text('reason', 'l.reason'),
    explanation('l.facts'),
    int('created_at', 'l.created_at'),
  ],
};

export const PURCHASES: DatasetSpec = {
  name: 'purchases',
  mode: 'changed',
  from: 'points_purchases p',
  changedAt: 'p.created_at',
  orderBy: 'p.id',
  columns: [
    ident('id', 'p.id'),
    text('receipt_no', 'p.receipt_no'),
    ident('member_id', 'p.member_id'),
    ident('op_id', 'p.op_id'),
    ident('terminal_id', 'p.terminal_id'),
    ident('staff_id', 'p.staff_id'),
    int('total_minor', 'p.total_minor'),
    int('discount_minor', 'p.discount_minor'),
    int('paid_minor', 'p.paid_minor'),
    int('points_used', 'p.points_used'),
    int('points_earned', 'p.points_earned'),
    int('rule_version', 'p.rule_version'),
    text('tier_name', 'p.tier_name'),
    explanation('p.facts'),
    ident('earn_entry_id', 'p.earn_entry_id'),
    ident('pay_entry_id', 'p.pay_entry_id'),
    int('created_at', 'p.created_at'),
  ],
};

/** Lines travel with their purchase: selected by the purchase's time. */
export const PURCHASE_LINES: DatasetSpec = {
  name: 'purchase_lines',
  mode: 'changed',
  from: 'points_purchase_lines pl JOIN points_purchases p ON p.id = pl.purchase_id',
  changedAt: 'p.created_at',
  orderBy: 'pl.purchase_id, pl.line_no',
  columns: [
    ident('purchase_id', 'pl.purchase_id'),
    int('line_no', 'pl.line_no'),
    text('sku', 'pl.sku'),
    text('category', 'pl.category'),
    int('quantity', 'pl.quantity'),
    int('unit_price_minor', 'pl.unit_price_minor'),
    int('amount_minor', 'pl.amount_minor'),
    int('discount_minor', 'pl.discount_minor'),
    int('points_earned', 'pl.points_earned'),
    int('points_used', 'pl.points_used'),
  ],
};

export const REFUNDS: DatasetSpec = {
  name: 'refunds',
  mode: 'append',
  from: 'points_refunds r',
  rowid: 'r.rowid',
  orderBy: 'r.rowid',
  columns: [
    ident('id', 'r.id'),
    ident('purchase_id', 'r.purchase_id'),
    ident('member_id', 'r.member_id'),
    ident('op_id', 'r.op_id'),
    ident('terminal_id', 'r.terminal_id'),
    ident('staff_id', 'r.staff_id'),
    int('amount_minor', 'r.amount_minor'),
    int('points_owed', 'r.points_owed'),
    int('points_clawed_back', 'r.points_clawed_back'),
    int('shortfall', 'r.shortfall'),
    int('points_returned', 'r.points_returned'),
    ident('policy', 'r.policy'),
    explanation('r.facts'),
    text('lines', 'r.lines'),
    int('created_at', 'r.created_at'),
  ],
};

export const REDEMPTIONS: DatasetSpec = {
  name: 'redemptions',
  mode: 'changed',
  from: 'reward_redemptions d',
  changedAt: 'max(d.created_at, coalesce(d.voided_at, 0))',
  orderBy: 'd.rowid',
  columns: [
    ident('id', 'd.id'),
    ident('op_id', 'd.op_id'),
    ident('member_id', 'd.member_id'),
    ident('reward_id', 'd.reward_id'),
    text('reward_name', 'd.reward_name'),
    ident('kind', 'd.kind'),
    int('points', 'd.points'),
    text('coupon_code', 'd.coupon_code'),
    int('discount_minor', 'd.discount_minor'),
    ident('status', 'd.status'),
    text('void_reason', 'd.void_reason'),
    ident('entry_id', 'd.entry_id'),
    ident('void_entry_id', 'd.void_entry_id'),
    ident('terminal_id', 'd.terminal_id'),
    ident('staff_id', 'd.staff_id'),
    ident('voided_by', 'd.voided_by'),
    int('created_at', 'd.created_at'),
    int('voided_at', 'd.voided_at'),
  ],
};

export const REWARDS: DatasetSpec = {
  name: 'rewards',
  mode: 'all',
  from: 'rewards w',
  orderBy: 'w.rowid',
  columns: [
    ident('id', 'w.id'),
    text('name', 'w.name'),
    ident('kind', 'w.kind'),
    int('cost_points', 'w.cost_points'),
    int('stock', 'w.stock'),
    int('discount_minor', 'w.discount_minor'),
    int('active_from', 'w.active_from'),
    int('active_until', 'w.active_until'),
    bool('active', 'w.active'),
    int('updated_at', 'w.updated_at'),
  ],
};

/** What a head-office export contains, in file order. */
export const EXPORT_DATASETS: readonly DatasetSpec[] = [
  MEMBERS,
  LEDGER,
  PURCHASES,
  PURCHASE_LINES,
  REFUNDS,
  REDEMPTIONS,
  REWARDS,
  AUDIT_LOG,
];
