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

/** One ledger entry as the terminal wrote it (its id becomes the journal entry's id). */
export const pushedEntry = z.strictObject({
  entryId: uuid,
  kind: terminalLedgerKind,
  points: entryPoints,
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

export const memberRegisterPayload = z.strictObject({
  memberId: id,
  cardNumber,
  ...memberFields,
  active: z.boolean(),
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
  entries: entries.min(1).refine((es) => es.every((e) => e.kind === 'earn' || e.kind === 'pay'), {
    message: 'an award writes earn and pay entries only',
  }),
});

/**
 * Every other movement of a member's points: refunds, redemptions and their voids,
 * adjustments, clears, expiry. `onlineRedemptionId` links a redemption head office
 * already decided (and journaled) online: its entries are checked, not journaled again.
 * `holdId` spends from a hold taken while online.
 */
export const pointsLedgerPayload = z.strictObject({
  member: memberRef,
  reason: text(200).nullable(),
  refId: line(80).nullable(),
  holdId: id.nullable(),
  onlineRedemptionId: id.nullable(),
  entries: entries.min(1),
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
});

export const OP_KINDS = [
  'member.register',
  'member.update',
  'member.erase',
  'points.award',
  'points.ledger',
  'audit.append',
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
]);
export type PushOp = z.output<typeof pushOp>;
export type PushOpOf<K extends OpKind> = Extract<PushOp, { kind: K }>;
