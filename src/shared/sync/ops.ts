import { z } from 'zod';
import {
  cardNumber,
  e164,
  email,
  entryPoints,
  epochMs,
  id,
  isoDate,
  line,
  minorUnits,
  staffClaim,
  terminalLedgerKind,
  text,
  uuid,
} from './wire';
import { pinOnWire } from './pins';

/**
 * The operations a terminal pushes: each one a fact that already happened at the counter
 * (written to the terminal's outbox in the same SQLite transaction as the operation
 * itself), never a request to be decided. Head office records it idempotently by op id
 * and applies its effects to the chain's journal. An operation carries the effects the
 * terminal applied (its ledger entries, with the terminal's own entry ids) so the
 * journal holds exactly what cashiers confirmed; head office re-derives what it can
 * (receipt uniqueness per store, earn points from the rules) and reports disagreements.
 *
 * Every points operation moves one member's points; the member is named by id, or — for a
 * card the terminal did not know while offline — by card number, matched on sync.
 */

export const memberRef = z.union([z.strictObject({ memberId: id }), z.strictObject({ cardNumber })]);
export type MemberRef = z.output<typeof memberRef>;

/** A credit's parts, one per expiry moment (sync/outbox-step.ts folds any beyond). */
export const MAX_PUSHED_LOTS = 100;

/**
 * How a credit's points expire, as the terminal formed its lots (points/ledger.ts): each
 * part with its expiry moment, null = never. Head office keeps the chain's lots from these
 * (migration 015) because in chain mode only head office expires points — each terminal
 * expiring its own lots would expire at one store points already spent at another.
 */
export const pushedLot = z.strictObject({
  points: z.number().int().positive().max(1e12),
  expiresAt: epochMs.nullable(),
});
export type PushedLot = z.output<typeof pushedLot>;

/** Which redemption a `redeem` / `redeem_void` entry belongs to, and its reward. */
export const entryRedemption = z.strictObject({
  id,
  rewardId: id.nullable(),
  rewardName: line(80),
});
export type EntryRedemption = z.output<typeof entryRedemption>;

/** One ledger entry as the terminal wrote it (its id becomes the journal entry's id). */
export const pushedEntry = z
  .strictObject({
    entryId: uuid,
    kind: terminalLedgerKind,
    points: entryPoints,
    /** Credits only, optional (absent = one lot that never expires); never more than the credit. */
    lots: z.array(pushedLot).min(1).max(MAX_PUSHED_LOTS).optional(),
    /**
     * A redemption's entries only (`redeem`, `redeem_void`): the terminal's redemption and
     * the reward it was for, so head office reports redemptions by reward (terminal
     * migration 028). Absent on every other entry and from older terminals (their hashes stay).
     */
    redemption: entryRedemption.optional(),
  })
  .refine((e) => e.lots === undefined || (e.points > 0 && e.lots.reduce((a, l) => a + l.points, 0) <= e.points), {
    message: 'lots are for credits and add up to at most its points',
    path: ['lots'],
  })
  .refine((e) => e.redemption === undefined || e.kind === 'redeem' || e.kind === 'redeem_void', {
    message: 'only a redemption and its void name a redemption',
    path: ['redemption'],
  });
export type PushedEntry = z.output<typeof pushedEntry>;

const entries = z.array(pushedEntry).max(20);

export const memberFields = {
  name: line(80),
  phone: e164.nullable(),
  email: email.nullable(),
  birthday: isoDate.nullable(),
  marketingConsent: z.boolean(),
};

/** The member's PIN (shared/sync/pins.ts); absent from a terminal older than chain PINs. */
const pinHash = pinOnWire.optional();

export const memberRegisterPayload = z.strictObject({
  memberId: id,
  cardNumber,
  ...memberFields,
  active: z.boolean(),
  pinHash,
});

/** Only the fields that changed; each is kept last-writer-wins by the operation's time. */
export const memberUpdatePayload = z.strictObject({
  memberId: id,
  changes: z
    .strictObject({
      name: memberFields.name.optional(),
      phone: memberFields.phone.optional(),
      email: memberFields.email.optional(),
      birthday: memberFields.birthday.optional(),
      marketingConsent: memberFields.marketingConsent.optional(),
      active: z.boolean().optional(),
      pinHash,
    })
    .refine((c) => Object.keys(c).length > 0, { message: 'name at least one change' }),
});

/** Personal data erased at a terminal: erased everywhere, whatever arrives later. */
export const memberErasePayload = z.strictObject({ memberId: id });

export const awardLine = z.strictObject({
  sku: line(40).nullable(),
  category: line(40).nullable(),
  /** What the customer paid for the line after any points discount, minor units. */
  amountMinor: minorUnits,
  /** The part of a bill reward's (or voucher's) discount on this line (absent: none). */
  rewardDiscountMinor: minorUnits.optional(),
});

/** A purchase recorded at the counter. The receipt number is unique per store. */
export const pointsAwardPayload = z.strictObject({
  member: memberRef,
  purchaseId: id,
  receiptNo: line(40),
  totalMinor: minorUnits.min(1),
  paidMinor: minorUnits,
  pointsUsed: z.number().int().min(0).max(1_000_000_000),
  /**
   * The head office rule set version the terminal earned by (null while it earns by rules
   * of its own), and the tier it applied: head office recomputes the points with the same
   * earning code and reports a disagreement (the award still stands — it was confirmed).
   */
  headOfficeRuleVersion: z.number().int().min(1).nullable(),
  tierName: line(40).nullable(),
  lines: z.array(awardLine).min(1).max(200),
  /**
   * A bill reward redeemed on this purchase (`points_purchases.reward_discount_minor`,
   * `redemption_id`) or a goal's voucher used on it: what it took off the bill. Absent on
   * a purchase without one (and in ops written before this field), so their hashes stay.
   */
  billReward: z
    .strictObject({
      discountMinor: minorUnits,
      redemptionId: id.nullable(),
      voucherId: id.nullable(),
    })
    .optional(),
  /**
   * The hold (sync/holds.ts) the points paid on this bill were drawn on offline: head office
   * takes them out of it, as for a redemption's `points.ledger` op. Absent when none (and in
   * ops written before this field), so their hashes stay.
   */
  holdId: id.optional(),
  /** Empty for a purchase that earned and spent no points: it still counts towards chain-wide tiers. */
  entries: entries.refine((es) => es.every((e) => e.kind === 'earn' || e.kind === 'pay'), {
    message: 'an award writes earn and pay entries only',
  }),
});

/**
 * Every other movement of a member's points: refunds, redemptions and their voids,
 * adjustments, clears, expiry. `onlineRedemptionId` links a redemption head office
 * already decided (and journaled) online: its entries are checked, not journaled again.
 * `holdId` spends from a hold taken while online.
 */
export const pointsLedgerPayload = z
  .strictObject({
    member: memberRef,
    reason: text(200).nullable(),
    refId: line(80).nullable(),
    holdId: id.nullable(),
    onlineRedemptionId: id.nullable(),
    entries,
    /**
     * A refund's money: what it took back from which purchase (points_refunds), so head
     * office's chain spend for tiers falls as the terminal's own does. Absent on every other
     * movement (and in ops written before it), so their hashes stay.
     */
    refund: z.strictObject({ refundId: id, purchaseId: id, amountMinor: minorUnits.min(1) }).optional(),
  })
  // A refund that moved no points (of a purchase that earned none) still lowers the chain's spend.
  .refine((p) => p.entries.length > 0 || p.refund !== undefined, {
    message: 'a movement without entries is only a refund of money',
    path: ['entries'],
  });

const goalKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,23}$/, 'a goal key');
const goalAmount = z
  .number()
  .int()
  .min(-1_000_000_000)
  .max(1_000_000_000)
  .refine((a) => a !== 0, { message: 'a goal entry moves a non-zero amount' });

/** One goal (stamp card) ledger entry as the terminal wrote it (points_goal_ledger). */
export const goalEntry = z.strictObject({
  entryId: uuid,
  goalKey,
  kind: z.enum(['progress', 'issue', 'withdraw', 'clawback']),
  amount: goalAmount,
  refId: line(80).nullable(),
  voucherId: id.nullable(),
});

/** A voucher a goal issued (points_vouchers), as the member holds it chain-wide. */
export const voucherIssued = z.strictObject({
  voucherId: id,
  goalKey,
  target: z.number().int().min(1).max(1_000_000_000),
  name: line(80),
  kind: z.enum(['amountOff', 'freeItem']),
  valueMinor: minorUnits.nullable(),
  sku: line(40).nullable(),
  purchaseId: id,
  issueEntryId: uuid,
  availableFrom: epochMs,
  expiresAt: epochMs.nullable(),
  issuedAt: epochMs,
});
export type VoucherIssued = z.output<typeof voucherIssued>;

/**
 * A member's goal movements of one operation: entries (with the terminal's entry ids),
 * the vouchers they issued and the pending vouchers a refund withdrew. Head office keeps
 * the chain's goal journal and the vouchers; a voucher is then pulled by every terminal.
 */
export const goalsMovePayload = z.strictObject({
  member: memberRef,
  entries: z.array(goalEntry).min(1).max(250),
  issued: z.array(voucherIssued).max(100),
  withdrawn: z.array(z.strictObject({ voucherId: id, entryId: uuid })).max(100),
});

/**
 * A voucher used at the counter or on a bill. Used once chain-wide: the first use head
 * office records stands, a second (another terminal used it while offline, before the
 * first was pulled) is a recorded rejection `voucherUsed`.
 */
export const voucherUsePayload = z.strictObject({
  member: memberRef,
  voucherId: id,
  receiptNo: line(40).nullable(),
  usedAt: epochMs,
});

/** Who referred a member (points_referrals), recorded at registration. */
export const memberReferralPayload = z.strictObject({
  memberId: id,
  referrerId: id,
});

/** Audit records as the terminal chained them (see the anchored audit chain, issue 10). */
export const auditRecord = z.strictObject({
  seq: z.number().int().min(1),
  id: uuid,
  at: epochMs,
  terminalId: uuid,
  actorId: z.string().max(80).nullable(),
  actorName: z.string().max(200).nullable(),
  action: z.string().max(80),
  target: z.string().max(200).nullable(),
  /** The details exactly as stored (a JSON string): the digest covers these bytes. */
  details: z.string().max(20_000),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * How this record is linked on the terminal (src/main/core/audit/chain.ts): 'sha256' for
   * the history written before the chain was keyed, 'hmac-sha256' since. Absent: as the
   * batch's scheme says.
   */
  link: z.enum(['sha256', 'hmac-sha256']).optional(),
});
export type AuditRecord = z.output<typeof auditRecord>;

/**
 * 'sha256-chain-v1': an unkeyed chain — head office recomputes every digest.
 * 'hmac-sha256-chain-v1': a keyed chain whose key never leaves the terminal — head office
 * checks the links (seq, prev hash) and that the chain extends what it already holds, and
 * recomputes the digest of each record whose `link` says 'sha256' (the keyed chain's
 * unkeyed history).
 */
export const AUDIT_SCHEMES = ['sha256-chain-v1', 'hmac-sha256-chain-v1'] as const;
export const auditAppendPayload = z.strictObject({
  scheme: z.enum(AUDIT_SCHEMES),
  records: z.array(auditRecord).min(1).max(500),
  /**
   * Sent once after a backup was restored (sync/restore-carry.ts): the records continue
   * from this restored head, not from the last record head office holds. Head office
   * accepts it only when it holds exactly this record (seq 0 = the genesis link), keeps
   * the records after it as a rewound span (audit_forks) and takes the new ones.
   */
  restoredFrom: z.strictObject({ seq: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
});

export const OP_KINDS = [
  'member.register',
  'member.update',
  'member.erase',
  'points.award',
  'points.ledger',
  'audit.append',
  'goals.move',
  'voucher.use',
  'member.referral',
] as const;
export type OpKind = (typeof OP_KINDS)[number];

const opBase = {
  /** The terminal's own sequence number: 1, 2, 3 … with no gaps. */
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  opId: uuid,
  /** The terminal's clock when the operation happened (may be skewed). */
  at: epochMs,
  staff: staffClaim.nullable(),
};

export const pushOp = z.discriminatedUnion('kind', [
  z.strictObject({ ...opBase, kind: z.literal('member.register'), payload: memberRegisterPayload }),
  z.strictObject({ ...opBase, kind: z.literal('member.update'), payload: memberUpdatePayload }),
  z.strictObject({ ...opBase, kind: z.literal('member.erase'), payload: memberErasePayload }),
  z.strictObject({ ...opBase, kind: z.literal('points.award'), payload: pointsAwardPayload }),
  z.strictObject({ ...opBase, kind: z.literal('points.ledger'), payload: pointsLedgerPayload }),
  z.strictObject({ ...opBase, kind: z.literal('audit.append'), payload: auditAppendPayload }),
  z.strictObject({ ...opBase, kind: z.literal('goals.move'), payload: goalsMovePayload }),
  z.strictObject({ ...opBase, kind: z.literal('voucher.use'), payload: voucherUsePayload }),
  z.strictObject({ ...opBase, kind: z.literal('member.referral'), payload: memberReferralPayload }),
]);
export type PushOp = z.output<typeof pushOp>;
export type PushOpOf<K extends OpKind> = Extract<PushOp, { kind: K }>;
