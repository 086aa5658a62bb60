import type { PushOp, StaffClaim } from '../../../shared/sync';
import type { LedgerKind } from '../../../shared/contract/points';

/**
 * Turns what the capture triggers noted during one transaction (migration 012) into
 * protocol operations (src/shared/sync/ops.ts), by the effects themselves rather than
 * by which channel ran: a new member row is `member.register`, changed fields are
 * `member.update` (only those fields), an erasure `member.erase`, a purchase with its
 * earn/pay entries `points.award`, every other group of one member's entries
 * `points.ledger`. Pure, so it is tested without a store.
 */

interface MemberImage {
  name: string | null;
  phone: string | null;
  email: string | null;
  birthday: string | null;
  marketingConsent: number;
  active: number;
  erased: number;
}
export type Capture =
  | { what: 'member.insert'; row: { id: string; cardNumber: string; new: MemberImage } }
  | { what: 'member.update'; row: { id: string; cardNumber: string; old: MemberImage; new: MemberImage } }
  | {
      what: 'entry';
      row: {
        entryId: string;
        memberId: string;
        kind: LedgerKind;
        points: number;
        refId: string | null;
        reason: string | null;
        at: number;
      };
    }
  | {
      what: 'purchase';
      row: {
        id: string;
        memberId: string;
        receiptNo: string;
        totalMinor: number;
        paidMinor: number;
        pointsUsed: number;
        tierName: string | null;
      };
    }
  | {
      what: 'line';
      row: { purchaseId: string; lineNo: number; sku: string | null; category: string | null; amountMinor: number };
    };

/** An operation without the outbox's seq, op id, time and staff (the step adds them). */
export type OpBody = {
  [K in PushOp['kind']]: { kind: K; payload: Extract<PushOp, { kind: K }>['payload'] };
}[PushOp['kind']];

export interface BuiltOp {
  body: OpBody;
  /** The member whose points or record it changes (for "+ n here" and skipping stale pulls). */
  memberId: string;
  /** The points it moves (0 for member records). */
  points: number;
}

const FIELDS = ['name', 'phone', 'email', 'birthday'] as const;

/**
 * `online`: ledger entries that spend points head office already debited online (entry id
 * → its redemption id, sync/chain-spend.ts). Each becomes its own `points.ledger` op
 * naming the redemption — head office checks and links it, never journals it twice —
 * and moves 0 points "here" (head office's balance has it already).
 */
export function opsFromCaptures(
  captures: readonly Capture[],
  online: ReadonlyMap<string, string> = new Map(),
  /** Entry id → the hold an offline spend drew on (sync/holds.ts): its `points.ledger` op names it. */
  holds: ReadonlyMap<string, string> = new Map(),
): BuiltOp[] {
  const members: BuiltOp[] = [];
  const entries = new Map<string, Extract<Capture, { what: 'entry' }>['row'][]>();
  const purchases = new Map<string, Extract<Capture, { what: 'purchase' }>['row']>();
  const lines = new Map<string, Extract<Capture, { what: 'line' }>['row'][]>();

  for (const c of captures) {
    switch (c.what) {
      case 'member.insert': {
        const m = c.row.new;
        if (m.erased) break; // never inserted erased
        members.push({
          memberId: c.row.id,
          points: 0,
          body: {
            kind: 'member.register',
            payload: {
              memberId: c.row.id,
              cardNumber: c.row.cardNumber,
              name: m.name ?? '',
              phone: m.phone,
              email: m.email,
              birthday: m.birthday,
              marketingConsent: m.marketingConsent === 1,
              active: m.active === 1,
            },
          },
        });
        break;
      }
      case 'member.update': {
        const { old, new: now } = c.row;
        if (now.erased && !old.erased) {
          members.push({
            memberId: c.row.id,
            points: 0,
            body: { kind: 'member.erase', payload: { memberId: c.row.id } },
          });
          break;
        }
        if (now.erased) break; // an erased member's record never changes again
        const changes: Record<string, unknown> = {};
        for (const f of FIELDS) if (old[f] !== now[f]) changes[f] = now[f];
        if (old.marketingConsent !== now.marketingConsent) changes.marketingConsent = now.marketingConsent === 1;
        if (old.active !== now.active) changes.active = now.active === 1;
        if (Object.keys(changes).length === 0) break;
        members.push({
          memberId: c.row.id,
          points: 0,
          body: { kind: 'member.update', payload: { memberId: c.row.id, changes } },
        });
        break;
      }
      case 'entry':
        entries.set(c.row.memberId, [...(entries.get(c.row.memberId) ?? []), c.row]);
        break;
      case 'purchase':
        purchases.set(c.row.memberId, c.row);
        break;
      case 'line':
        lines.set(c.row.purchaseId, [...(lines.get(c.row.purchaseId) ?? []), c.row]);
        break;
    }
  }

  const points: BuiltOp[] = [];
  for (const [memberId, all] of entries) {
    // One op per online redemption (a bill reward and the points paid are one decision).
    const byRedemption = new Map<string, typeof all>();
    for (const e of all) {
      const redemptionId = online.get(e.entryId);
      if (redemptionId !== undefined) byRedemption.set(redemptionId, [...(byRedemption.get(redemptionId) ?? []), e]);
    }
    for (const [redemptionId, linked] of byRedemption) {
      points.push({
        memberId,
        points: 0,
        body: {
          kind: 'points.ledger',
          payload: {
            member: { memberId },
            reason: linked.find((e) => e.reason)?.reason ?? null,
            refId: linked.find((e) => e.refId)?.refId ?? null,
            holdId: null,
            onlineRedemptionId: redemptionId,
            entries: linked.map((e) => ({ entryId: e.entryId, kind: e.kind, points: e.points })),
          },
        },
      });
    }
    const group = all.filter((e) => !online.has(e.entryId));
    const purchase = purchases.get(memberId);
    // The award's own entries (its ref is the purchase); a programme bonus written with it
    // (birthday, referral: points/bonuses.ts) is an earn entry of its own and travels as a ledger op.
    const awardEntries = purchase
      ? group.filter((e) => (e.kind === 'earn' || e.kind === 'pay') && e.refId === purchase.id)
      : [];
    const others = group.filter((e) => !awardEntries.includes(e));
    const sum = (es: typeof group) => es.reduce((s, e) => s + e.points, 0);
    const pushed = (es: typeof group) => es.map((e) => ({ entryId: e.entryId, kind: e.kind, points: e.points }));
    if (purchase && awardEntries.length > 0) {
      points.push({
        memberId,
        points: sum(awardEntries),
        body: {
          kind: 'points.award',
          payload: {
            member: { memberId },
            purchaseId: purchase.id,
            receiptNo: purchase.receiptNo,
            totalMinor: purchase.totalMinor,
            paidMinor: purchase.paidMinor,
            pointsUsed: purchase.pointsUsed,
            headOfficeRuleVersion: null, // rules pulled from head office are not earned by yet
            tierName: purchase.tierName,
            lines: (lines.get(purchase.id) ?? [])
              .sort((a, b) => a.lineNo - b.lineNo)
              .map((l) => ({ sku: l.sku, category: l.category, amountMinor: l.amountMinor })),
            entries: pushed(awardEntries),
          },
        },
      });
    }
    if (others.length > 0) {
      points.push({
        memberId,
        points: sum(others),
        body: {
          kind: 'points.ledger',
          payload: {
            member: { memberId },
            reason: others.find((e) => e.reason)?.reason ?? null,
            refId: others.find((e) => e.refId)?.refId ?? null,
            holdId: others.map((e) => holds.get(e.entryId)).find((h) => h !== undefined) ?? null,
            onlineRedemptionId: null,
            entries: pushed(others),
          },
        },
      });
    }
  }
  // Registrations first: an entry for a member registered in the same transaction follows it.
  return [...members, ...points];
}

export function staffClaimOf(actor: { staffId: string; displayName: string; role: StaffClaim['role'] } | null) {
  return actor ? { id: actor.staffId, name: actor.displayName, role: actor.role } : null;
}
