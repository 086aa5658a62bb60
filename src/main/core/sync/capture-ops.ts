import {
  entryRedemption,
  type MemberRef,
  type PushedEntry,
  type PushOp,
  type StaffClaim,
  type VoucherWire,
} from '../../../shared/sync';
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
  /** The PIN as head office receives it (migration 026, shared/sync/pins.ts). */
  pinHash?: string | null;
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
        /** Since migration 028, on `redeem` / `redeem_void`: the redemption and its reward (names may be null in old facts). */
        redemption?: { id: string | null; rewardId: string | null; rewardName: string | null } | null;
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
        /** Since migration 019: the bill reward (or voucher) on the purchase. */
        rewardDiscountMinor?: number;
        redemptionId?: string | null;
      };
    }
  | {
      what: 'line';
      row: {
        purchaseId: string;
        lineNo: number;
        sku: string | null;
        category: string | null;
        amountMinor: number;
        rewardDiscountMinor?: number;
      };
    }
  | { what: 'goal'; row: GoalCapture }
  | { what: 'voucher.insert' | 'voucher.update'; row: VoucherImage }
  | { what: 'referral'; row: { memberId: string; referrerId: string } };

interface GoalCapture {
  entryId: string;
  memberId: string;
  goalKey: string;
  kind: 'progress' | 'issue' | 'withdraw' | 'clawback';
  amount: number;
  refId: string | null;
  voucherId: string | null;
}
/** A voucher row as captured: the wire shape with the terminal's own bookkeeping. */
export type VoucherImage = Omit<VoucherWire, 'issuedAt' | 'version'> & {
  createdAt: number;
  usedOpId: string | null;
  withdrawEntryId: string | null;
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

type EntryCapture = Extract<Capture, { what: 'entry' }>['row'];

/**
 * An entry as pushed: with its redemption when the capture has one head office can take
 * (an entry written before facts named the reward, or with a name the wire refuses, goes
 * without: head office reports it as an unnamed reward rather than refuse the points).
 */
function wireEntry(e: EntryCapture): PushedEntry {
  const redemption = entryRedemption.safeParse(e.redemption);
  return {
    entryId: e.entryId,
    kind: e.kind,
    points: e.points,
    ...(redemption.success ? { redemption: redemption.data } : {}),
  };
}

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
  /**
   * Member id → card, for provisional members (members/provisional.ts): head office does
   * not know them, so their ops name the card, which head office matches to its member
   * (at once, or parked `cardUnknown` until that member's registration arrives).
   */
  provisional: ReadonlyMap<string, string> = new Map(),
): BuiltOp[] {
  const refOf = (memberId: string): MemberRef => {
    const cardNumber = provisional.get(memberId);
    return cardNumber === undefined ? { memberId } : { cardNumber };
  };
  const members: BuiltOp[] = [];
  const entries = new Map<string, EntryCapture[]>();
  const purchases = new Map<string, Extract<Capture, { what: 'purchase' }>['row']>();
  const lines = new Map<string, Extract<Capture, { what: 'line' }>['row'][]>();
  const goals = new Map<string, GoalCapture[]>();
  const issued = new Map<string, VoucherImage[]>();
  const withdrawn: VoucherImage[] = [];
  const used: VoucherImage[] = [];
  const referrals: BuiltOp[] = [];
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);

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
              ...(m.pinHash ? { pinHash: m.pinHash } : {}),
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
        if ((old.pinHash ?? null) !== (now.pinHash ?? null)) changes.pinHash = now.pinHash ?? null;
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
      case 'goal':
        push(goals, c.row.memberId, c.row);
        break;
      case 'voucher.insert':
        push(issued, c.row.memberId, c.row);
        break;
      case 'voucher.update':
        if (c.row.usedAt !== null) used.push(c.row);
        else if (c.row.withdrawnAt !== null && c.row.withdrawEntryId !== null) withdrawn.push(c.row);
        break;
      case 'referral':
        referrals.push({
          memberId: c.row.memberId,
          points: 0,
          body: { kind: 'member.referral', payload: { memberId: c.row.memberId, referrerId: c.row.referrerId } },
        });
        break;
    }
  }

  const points: BuiltOp[] = [];
  // A member's purchase with no entries (it earned and spent no points) is still an award:
  // its spend counts towards chain-wide tiers.
  for (const memberId of new Set([...entries.keys(), ...purchases.keys()])) {
    const all = entries.get(memberId) ?? [];
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
            member: refOf(memberId),
            reason: linked.find((e) => e.reason)?.reason ?? null,
            refId: linked.find((e) => e.refId)?.refId ?? null,
            holdId: null,
            onlineRedemptionId: redemptionId,
            entries: linked.map(wireEntry),
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
    // A programme bonus travels alone, its key as the op's ref: head office gives each key
    // once per member chain-wide and may refuse just that op (bonusAlreadyGiven).
    const bonuses = group.filter((e) => !awardEntries.includes(e) && e.refId?.startsWith('bonus:'));
    const others = group.filter((e) => !awardEntries.includes(e) && !bonuses.includes(e));
    const sum = (es: typeof group) => es.reduce((s, e) => s + e.points, 0);
    const pushed = (es: typeof group) => es.map(wireEntry);
    const holdOf = (es: typeof group) => es.map((e) => holds.get(e.entryId)).find((h) => h !== undefined) ?? null;
    if (purchase) {
      const holdId = holdOf(awardEntries);
      points.push({
        memberId,
        points: sum(awardEntries),
        body: {
          kind: 'points.award',
          payload: {
            member: refOf(memberId),
            purchaseId: purchase.id,
            receiptNo: purchase.receiptNo,
            totalMinor: purchase.totalMinor,
            paidMinor: purchase.paidMinor,
            pointsUsed: purchase.pointsUsed,
            headOfficeRuleVersion: null, // named by the outbox step when earned by a head office rule set
            tierName: purchase.tierName,
            lines: (lines.get(purchase.id) ?? [])
              .sort((a, b) => a.lineNo - b.lineNo)
              .map((l) => ({
                sku: l.sku,
                category: l.category,
                amountMinor: l.amountMinor,
                ...(l.rewardDiscountMinor ? { rewardDiscountMinor: l.rewardDiscountMinor } : {}),
              })),
            ...billRewardOf(purchase, used),
            ...(holdId ? { holdId } : {}),
            entries: pushed(awardEntries),
          },
        },
      });
    }
    for (const b of bonuses) {
      points.push({
        memberId,
        points: b.points,
        body: {
          kind: 'points.ledger',
          payload: {
            member: refOf(memberId),
            reason: b.reason,
            refId: b.refId,
            holdId: null,
            onlineRedemptionId: null,
            entries: pushed([b]),
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
            member: refOf(memberId),
            reason: others.find((e) => e.reason)?.reason ?? null,
            refId: others.find((e) => e.refId)?.refId ?? null,
            holdId: holdOf(others),
            onlineRedemptionId: null,
            entries: pushed(others),
          },
        },
      });
    }
  }
  const goalOps: BuiltOp[] = [];
  for (const memberId of new Set([...goals.keys(), ...issued.keys()])) {
    const es = goals.get(memberId) ?? [];
    if (es.length === 0) continue; // a voucher never changes without its goal entry
    // A withdrawal travels with the goal entry that made it: the member refunded, which is
    // not the voucher row's member when the voucher came from a provisional card merged into it.
    const ids = new Set(es.map((e) => e.entryId));
    goalOps.push({
      memberId,
      points: 0,
      body: {
        kind: 'goals.move',
        payload: {
          member: refOf(memberId),
          entries: es.map((e) => ({
            entryId: e.entryId,
            goalKey: e.goalKey,
            kind: e.kind,
            amount: e.amount,
            refId: e.refId,
            voucherId: e.voucherId,
          })),
          issued: (issued.get(memberId) ?? []).map((v) => ({
            voucherId: v.id,
            goalKey: v.goalKey,
            target: v.target,
            name: v.name,
            kind: v.kind,
            valueMinor: v.valueMinor,
            sku: v.sku,
            purchaseId: v.purchaseId,
            issueEntryId: v.issueEntryId,
            availableFrom: v.availableFrom,
            expiresAt: v.expiresAt,
            issuedAt: v.createdAt,
          })),
          withdrawn: withdrawn
            .filter((v) => ids.has(v.withdrawEntryId!))
            .map((v) => ({ voucherId: v.id, entryId: v.withdrawEntryId! })),
        },
      },
    });
  }
  const uses: BuiltOp[] = used.map((v) => ({
    memberId: v.memberId,
    points: 0,
    body: {
      kind: 'voucher.use',
      payload: { member: refOf(v.memberId), voucherId: v.id, receiptNo: v.usedReceiptNo, usedAt: v.usedAt! },
    },
  }));
  // Registrations first: an entry for a member registered in the same transaction follows
  // it; a voucher is issued (goals) before any use of it.
  return [...members, ...referrals, ...points, ...goalOps, ...uses];
}

/** The award's `billReward`, only when the purchase had one (older payloads stay byte-identical). */
function billRewardOf(
  p: Extract<Capture, { what: 'purchase' }>['row'],
  used: readonly VoucherImage[],
): { billReward?: { discountMinor: number; redemptionId: string | null; voucherId: string | null } } {
  // By receipt (unique here): the voucher's row may be a provisional card's merged into the buyer.
  const voucher = used.find((v) => v.usedReceiptNo === p.receiptNo) ?? null;
  const discountMinor = p.rewardDiscountMinor ?? 0;
  const redemptionId = p.redemptionId ?? null;
  if (discountMinor === 0 && redemptionId === null && voucher === null) return {};
  return { billReward: { discountMinor, redemptionId, voucherId: voucher?.id ?? null } };
}

export function staffClaimOf(actor: { staffId: string; displayName: string; role: StaffClaim['role'] } | null) {
  return actor ? { id: actor.staffId, name: actor.displayName, role: actor.role } : null;
}
