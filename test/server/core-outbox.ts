import type { Core } from '../../src/main/core/open-core';
import { auditRecordsAfter } from '../../src/main/core/audit/records-for-sync';
import type { AuditRecord, PushOp, PushedEntry, StaffClaim } from '../../src/shared/sync';

/**
 * Reads a real terminal core's SQLite store and renders what it recorded as protocol
 * operations — a stand-in, for these tests, for the terminal's outbox (which will write
 * the same ops in the operation's own transaction). It shows the protocol carries what
 * the core keeps: member rows, ledger entries grouped by op id (a purchase's earn/pay
 * entries become `points.award` with its lines; everything else `points.ledger`), and
 * the audit chain as stored.
 */
export function coreOps(core: Core, firstSeq = 1): PushOp[] {
  const ops: PushOp[] = [];
  let seq = firstSeq;
  const staffOf = (staffId: string | null): StaffClaim | null => {
    if (!staffId) return null;
    const s = core.db.prepare('SELECT id, display_name, role FROM staff WHERE id = ?').get(staffId) as
      { id: string; display_name: string; role: StaffClaim['role'] } | undefined;
    return s ? { id: s.id, name: s.display_name, role: s.role } : null;
  };
  const members = core.db.prepare('SELECT * FROM members ORDER BY seq').all() as {
    id: string;
    card_number: string;
    name: string;
    phone: string | null;
    email: string | null;
    birthday: string | null;
    marketing_consent: number;
    active: number;
    created_at: number;
  }[];
  for (const m of members) {
    ops.push({
      seq: seq++,
      opId: m.id, // a registration's own id is a fine op id for this stand-in
      at: m.created_at,
      staff: null,
      kind: 'member.register',
      payload: {
        memberId: m.id,
        cardNumber: m.card_number,
        name: m.name,
        phone: m.phone,
        email: m.email,
        birthday: m.birthday,
        marketingConsent: m.marketing_consent === 1,
        active: m.active === 1,
      },
    });
  }
  const entries = core.db
    .prepare('SELECT id, member_id, kind, points, op_id, staff_id, created_at FROM points_ledger ORDER BY seq')
    .all() as {
    id: string;
    member_id: string;
    kind: PushedEntry['kind'];
    points: number;
    op_id: string;
    staff_id: string | null;
    created_at: number;
  }[];
  const byOp = new Map<string, typeof entries>();
  for (const e of entries) byOp.set(e.op_id, [...(byOp.get(e.op_id) ?? []), e]);
  for (const [opId, group] of byOp) {
    const first = group[0];
    const pushed = group.map((e) => ({ entryId: e.id, kind: e.kind, points: e.points }));
    const purchase = core.db.prepare('SELECT * FROM points_purchases WHERE op_id = ?').get(opId) as
      | {
          id: string;
          receipt_no: string;
          total_minor: number;
          paid_minor: number;
          points_used: number;
          tier_name: string | null;
        }
      | undefined;
    const base = { seq: seq++, opId, at: first.created_at, staff: staffOf(first.staff_id) };
    if (purchase) {
      const lines = core.db
        .prepare(
          'SELECT sku, category, amount_minor, discount_minor FROM points_purchase_lines WHERE purchase_id = ? ORDER BY line_no',
        )
        .all(purchase.id) as {
        sku: string | null;
        category: string | null;
        amount_minor: number;
        discount_minor: number;
      }[];
      ops.push({
        ...base,
        kind: 'points.award',
        payload: {
          member: { memberId: first.member_id },
          purchaseId: purchase.id,
          receiptNo: purchase.receipt_no,
          totalMinor: purchase.total_minor,
          paidMinor: purchase.paid_minor,
          pointsUsed: purchase.points_used,
          headOfficeRuleVersion: null,
          tierName: purchase.tier_name,
          lines: lines.map((l) => ({
            sku: l.sku,
            category: l.category,
            amountMinor: l.amount_minor - l.discount_minor,
          })),
          entries: pushed,
        },
      });
    } else {
      ops.push({
        ...base,
        kind: 'points.ledger',
        payload: {
          member: { memberId: first.member_id },
          reason: null,
          refId: null,
          holdId: null,
          onlineRedemptionId: null,
          entries: pushed,
        },
      });
    }
  }
  return ops;
}

/** Everything after `afterSeq`, read the way core/sync reads it for `audit.append`. */
export function coreAuditRecords(core: Core, afterSeq = 0): AuditRecord[] {
  return auditRecordsAfter(core.db, afterSeq, Number.MAX_SAFE_INTEGER);
}
