import type { Db } from '../db/open-database';
import { stmt } from '../db/statements';
import { appendAudit } from '../audit/audit-log';
import { applyEntry } from '../points/ledger';
import { expireDueLots } from '../points/expiry';
import { hasLedgerRef } from '../points/sync-reads';
import { facts, type AdjustFacts } from '../../../shared/explain/facts';
import { points as asPoints } from '../../../shared/units';
import { newId } from '../ids';

/**
 * Head office refused a programme bonus as `bonusAlreadyGiven`: another terminal gave
 * this member the same bonus key first (a birthday bonus of the year, the welcome or a
 * referral — points/bonuses.ts keys are looked up in one terminal's ledger only). Chosen
 * over asking head office before granting: a bonus is written inside the purchase's
 * transaction, which never waits on the network, and the counter works offline. So the
 * terminal takes its copy back here, at once, by an `adjust` entry of the opposite
 * amount (the ledger stays append-only), written with the capture off — head office
 * never journaled the refused bonus, so there is nothing to send — and audited as a
 * system adjustment naming the key. Below zero is allowed (the bonus may already be
 * spent: later earning repays it, as with a claw-back).
 */
export const BONUS_TAKEN_BACK = 'bonusAlreadyGiven';

export function takeBackRefusedBonus(db: Db, terminalId: string, now: number, op: { payload: string }): void {
  const p = JSON.parse(op.payload) as {
    member: { memberId?: string };
    refId: string | null;
    entries: { entryId: string; points: number }[];
  };
  const memberId = p.member.memberId;
  if (!memberId || !p.refId?.startsWith('bonus:')) return;
  const given = p.entries.reduce((a, e) => a + e.points, 0);
  if (given <= 0) return;
  const reason = `${BONUS_TAKEN_BACK}:${p.refId}`;
  // Once, whatever re-runs: the reversal's ref names the refused bonus key.
  const refId = `bonus-refused:${p.refId}`;
  if (hasLedgerRef(db, memberId, refId)) return;
  const was = stmt(db, 'SELECT capture FROM sync_state WHERE id = 1').pluck().get() as number;
  stmt(db, 'UPDATE sync_state SET capture = 0 WHERE id = 1').run();
  try {
    const env = { db, now, terminalId, staffId: null, opId: newId() };
    expireDueLots(env, memberId);
    const applied = applyEntry(env, {
      memberId,
      kind: 'adjust',
      points: asPoints(-given),
      reason,
      refId,
      facts: facts<AdjustFacts>({ kind: 'adjust', points: asPoints(-given), reason }),
    });
    appendAudit(db, {
      at: now,
      terminalId,
      actorId: null,
      actorName: null,
      action: 'points.adjusted',
      target: memberId,
      details: { points: -given, reason, entryId: applied.id, balance: applied.balanceAfter },
    });
  } finally {
    stmt(db, 'UPDATE sync_state SET capture = ? WHERE id = 1').run(was);
  }
}
