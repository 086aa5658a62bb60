import { computeEarn } from '../../main/core/points/earn-calc';
import { minor } from '../../shared/units';
import { receiptKey, type MemberRef, type PushOpOf, type PushedEntry } from '../../shared/sync';
import { ruleSetByVersion } from '../catalogue/catalogue';
import { appendForMember, balanceOf } from '../journal/journal';
import { blockOwner } from '../members/card-blocks';
import { spendFromHold } from '../redeem/holds';
import { applied, OpRejected, type Applied } from './outcome';
import { recordRedemptionEntries } from './apply-redemptions';
import { lockMemberKeys } from './parking';
import type { ApplyEnv } from './apply';
import { recordChainPurchase, recordChainRefund } from '../spend/chain-spend';

/**
 * Points operations: the entries the terminal wrote go into the journal as they are
 * (offline earning merges freely; an offline overdraw shows as a negative balance that
 * later earning repays). Refused only when they cannot stand: a receipt number the store
 * already awarded under another operation, a chain card that was never issued. A member
 * head office does not know yet (registered at a terminal that has not pushed) parks the
 * op until that registration arrives.
 */

async function findMember(env: ApplyEnv, ref: MemberRef): Promise<string | null> {
  const r =
    'memberId' in ref
      ? await env.db.query('SELECT id FROM members WHERE id = $1', [ref.memberId])
      : await env.db.query('SELECT id FROM members WHERE card_number = $1', [ref.cardNumber]);
  return (r.rows[0]?.id as string | undefined) ?? null;
}

export async function resolveMember(env: ApplyEnv, ref: MemberRef): Promise<string | Applied> {
  const found = await findMember(env, ref);
  if (found) return found;
  // Not there: look again holding the member's lock, so a registration committing right
  // now is either seen here or sees this op parked (parking.ts).
  await lockMemberKeys(env.db, ref);
  const again = await findMember(env, ref);
  if (again) return again;
  if ('memberId' in ref) {
    return { ...applied(null), status: 'parked', reason: 'memberUnknown', parkedMemberId: ref.memberId };
  }
  const owner = await blockOwner(env.db, ref.cardNumber);
  if (owner.chainCard && owner.terminalId === null) {
    throw new OpRejected('unknownCard', 'No terminal was ever issued this card number');
  }
  return { ...applied(null), status: 'parked', reason: 'cardUnknown', parkedCard: ref.cardNumber };
}

const toJournal = (entries: PushedEntry[]) =>
  entries.map((e) => ({ id: e.entryId, kind: e.kind, points: e.points, lots: e.lots }));

function envFor(env: ApplyEnv, op: { opId: string; at: number }, refId: string | null) {
  return {
    opId: op.opId,
    terminalId: env.terminalId,
    storeId: env.storeId,
    refId,
    occurredAt: op.at,
    recordedAt: env.at,
  };
}

/** A receipt is awarded once per store: the first op to claim it keeps it (retries of that op find their own claim). */
async function claimReceipt(env: ApplyEnv, receiptNo: string, opId: string) {
  const key = receiptKey(receiptNo);
  if (key.length === 0) throw new OpRejected('receiptInvalid', 'The receipt number is empty once normalised');
  const r = await env.db.query(
    `INSERT INTO store_receipts (store_id, receipt_key, receipt_no, op_id, terminal_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (store_id, receipt_key) DO NOTHING RETURNING op_id`,
    [env.storeId, key, receiptNo, opId, env.terminalId],
  );
  if (r.rowCount) return;
  const owner = await env.db.query('SELECT op_id FROM store_receipts WHERE store_id = $1 AND receipt_key = $2', [
    env.storeId,
    key,
  ]);
  if (owner.rows[0]?.op_id !== opId) {
    throw new OpRejected('duplicateReceipt', `Receipt ${receiptNo} was already awarded in this store`);
  }
}

/**
 * The same earning code as the terminals, on head office's copy of the rule set the
 * terminal says it used: a disagreement is reported (reason 'earnMismatch'), not refused.
 */
async function checkEarn(env: ApplyEnv, op: PushOpOf<'points.award'>): Promise<string | null> {
  const p = op.payload;
  if (p.headOfficeRuleVersion === null) return null;
  const ruleSet = await ruleSetByVersion(env.db, p.headOfficeRuleVersion);
  if (!ruleSet) return `Head office has no rule set version ${p.headOfficeRuleVersion}`;
  const tier = p.tierName === null ? null : (ruleSet.rules.tiers.find((t) => t.name === p.tierName) ?? null);
  if (p.tierName !== null && tier === null) return `Rule set ${ruleSet.version} has no tier ${p.tierName}`;
  const lines = p.lines.map((l) => ({ ...l, amountMinor: minor(l.amountMinor) })); // validated integers
  const expected = computeEarn(ruleSet.rules, tier, op.at, lines).total;
  const earned = p.entries.filter((e) => e.kind === 'earn').reduce((a, e) => a + e.points, 0);
  return expected === earned
    ? null
    : `The terminal awarded ${earned} pts; rule set ${ruleSet.version} gives ${expected}`;
}

/**
 * A programme bonus (welcome, birthday of a year, referral: points/bonuses.ts keys) is
 * given once per member chain-wide. Each terminal looks in its own ledger only, so two
 * terminals can each give it; the first op head office records claims the key, a second
 * is a recorded rejection (`bonusAlreadyGiven`) and the terminal takes its bonus back
 * (sync/push.ts). A retry of the claiming op finds its own claim.
 */
async function claimBonus(env: ApplyEnv, op: PushOpOf<'points.ledger'>, member: string, points: number) {
  const key = op.payload.refId!;
  const r = await env.db.query(
    `INSERT INTO bonus_claims (member_id, bonus_key, op_id, terminal_id, points, claimed_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (member_id, bonus_key) DO NOTHING`,
    [member, key, op.opId, env.terminalId, points, env.at],
  );
  if (r.rowCount === 1) return;
  const owner = await env.db.query('SELECT op_id FROM bonus_claims WHERE member_id = $1 AND bonus_key = $2', [
    member,
    key,
  ]);
  if (owner.rows[0]?.op_id !== op.opId) {
    throw new OpRejected('bonusAlreadyGiven', `The member already had ${key} from another terminal`);
  }
}

/**
 * Points a terminal spent offline out of its hold for the member (a redemption's ledger op
 * or a bill's award op names it): taken out of the hold, so they are no longer held. A hold
 * with fewer points left than were spent (it expired, was released) gives what it has; the
 * op still stands — the spend was confirmed at the counter — with the note 'holdShort'.
 */
async function spendOutOfHold(
  env: ApplyEnv,
  holdId: string | null | undefined,
  member: string,
  entries: readonly { points: number }[],
): Promise<string | null> {
  if (!holdId) return null;
  const spent = -entries.filter((e) => e.points < 0).reduce((a, e) => a + e.points, 0);
  const taken = spent > 0 ? await spendFromHold(env.db, holdId, env.terminalId, member, spent, env.at) : 0;
  return taken < spent ? 'holdShort' : null;
}
const HOLD_SHORT = 'The hold had fewer points left than were spent offline';

export async function applyPointsAward(env: ApplyEnv, op: PushOpOf<'points.award'>): Promise<Applied> {
  const p = op.payload;
  await claimReceipt(env, p.receiptNo, op.opId);
  const member = await resolveMember(env, p.member);
  if (typeof member !== 'string') return member;
  if (p.billReward) {
    // The bill reward's columns travel with the receipt the store awarded (migration 010).
    await env.db.query(
      `UPDATE store_receipts SET reward_discount_minor = $3, redemption_id = $4, voucher_id = $5
       WHERE store_id = $1 AND receipt_key = $2`,
      [
        env.storeId,
        receiptKey(p.receiptNo),
        p.billReward.discountMinor,
        p.billReward.redemptionId,
        p.billReward.voucherId,
      ],
    );
  }
  const mismatch = await checkEarn(env, op);
  const short = await spendOutOfHold(env, p.holdId, member, p.entries);
  const res = await appendForMember(env.db, member, toJournal(p.entries), envFor(env, op, p.purchaseId));
  // On the registration that holds the member's points now (a merged one's survivor).
  await recordChainPurchase(env, op, res.memberId);
  if (mismatch) return applied(res.balance, 'earnMismatch', mismatch);
  return short ? applied(res.balance, short, HOLD_SHORT) : applied(res.balance);
}

export async function applyPointsLedger(env: ApplyEnv, op: PushOpOf<'points.ledger'>): Promise<Applied> {
  const p = op.payload;
  const member = await resolveMember(env, p.member);
  if (typeof member !== 'string') return member;
  const net = p.entries.reduce((a, e) => a + e.points, 0);
  if (p.onlineRedemptionId !== null) {
    // Head office decided and journaled this redemption online; the terminal's entries
    // are its copy. Check they agree, link them, journal nothing twice.
    const r = await env.db.query(
      'SELECT member_id, points, linked_op_id, entry_id FROM online_redemptions WHERE id = $1 FOR UPDATE',
      [p.onlineRedemptionId],
    );
    const red = r.rows[0] as
      { member_id: string; points: number; linked_op_id: string | null; entry_id: string } | undefined;
    if (!red) throw new OpRejected('unknownOnlineRedemption', 'Head office has no such online redemption');
    if (red.linked_op_id !== null && red.linked_op_id !== op.opId) {
      throw new OpRejected('onlineRedemptionLinked', 'Another operation already reported this online redemption');
    }
    if (net !== -red.points) {
      throw new OpRejected(
        'onlineRedemptionMismatch',
        `Head office redeemed ${red.points} pts; the terminal reports ${-net}`,
      );
    }
    await env.db.query('UPDATE online_redemptions SET linked_op_id = $2 WHERE id = $1', [
      p.onlineRedemptionId,
      op.opId,
    ]);
    // Head office's one entry is the redemption (a bill reward's points paid are part of it).
    await recordRedemptionEntries(env.db, p.entries, (e) => (e.kind === 'redeem' ? red.entry_id : null));
    return applied(await balanceOf(env.db, red.member_id), 'alreadyJournaled');
  }
  if (p.refId?.startsWith('bonus:')) await claimBonus(env, op, member, net);
  const short = await spendOutOfHold(env, p.holdId, member, p.entries);
  const res = await appendForMember(env.db, member, toJournal(p.entries), envFor(env, op, p.refId));
  await recordRedemptionEntries(env.db, p.entries);
  await recordChainRefund(env, op, res.memberId);
  return short ? applied(res.balance, short, HOLD_SHORT) : applied(res.balance);
}
