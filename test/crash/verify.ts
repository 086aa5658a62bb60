import Database from 'better-sqlite3';
import { openCore, type Core } from '../../src/main/core/open-core';
import { verifyAuditChain } from '../../src/main/core/audit/audit-log';
import type { Result } from '../../src/shared/errors';
import { CREDENTIALS, isIdempotent, type AckedOp, type Role } from './protocol';

/**
 * The checks after each SIGKILL, in the parent, before the next life starts:
 * the file is intact, the core opens cleanly (its start-up checks include the ledger
 * invariant once the points area registers it), the audit chain verifies, every
 * balance equals its ledger sum, and every op the child acknowledged is there —
 * whole, not half.
 */
export interface VerifyOutcome {
  violations: string[];
  /** Acknowledged ops not found after the restart. */
  lost: AckedOp[];
  checked: number;
}

function tablesCountsExceptAudit(core: Core): string {
  const names = core.db
    .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_log'")
    .all() as { name: string }[];
  return names
    .map(({ name }) => `${name}=${(core.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n}`)
    .join(',');
}

export async function verifyStore(dbPath: string, acked: AckedOp[]): Promise<VerifyOutcome> {
  const violations: string[] = [];
  const lost: AckedOp[] = [];

  // 1. The raw file, before anything of ours touches it (opening recovers the WAL).
  const raw = new Database(dbPath);
  const integrity = (raw.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  raw.close();
  if (integrity.length !== 1 || integrity[0] !== 'ok')
    violations.push(`integrity_check: ${integrity.slice(0, 3).join('; ')}`);

  // 2. The core opens as the app would.
  const logged: string[] = [];
  let core: Core;
  try {
    core = openCore({
      dbPath,
      bcryptCost: 4,
      allowWeakHashingForTests: true,
      log: { error: (m, e) => logged.push(`${m} ${String(e)}`) },
    });
  } catch (err) {
    violations.push(`openCore failed: ${String(err)}`);
    return { violations, lost, checked: 0 };
  }
  try {
    for (const p of core.startup.problems) violations.push(`start-up check ${p.check}: ${p.problem}`);

    // 3. Tamper-evident audit chain.
    const chain = verifyAuditChain(core.db);
    if (!chain.ok) violations.push(`audit chain broken at seq ${chain.brokenAt}`);

    // Staff created without its audit record (or the reverse) would be half-applied.
    const staffWithoutAudit = core.db
      .prepare(
        `SELECT count(*) AS n FROM staff s WHERE s.role <> 'owner'
           AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'staff.created' AND a.target = s.id)`,
      )
      .get() as { n: number };
    if (staffWithoutAudit.n > 0) violations.push(`${staffWithoutAudit.n} staff rows without their audit record`);

    for (const c of crossTableChecks(core)) violations.push(c);

    const tokens: Partial<Record<Role, string>> = {};
    for (const role of ['manager', 'cashier'] as const) {
      const r = await core.dispatch('auth:signIn', {
        username: CREDENTIALS[role].username,
        password: CREDENTIALS[role].password,
      });
      if (r.ok) tokens[role] = (r.value as { token: string }).token;
    }
    const call = (as: Role, channel: string, input: unknown): Promise<Result<unknown>> =>
      core.dispatch(channel, input, { token: tokens[as] });

    // 4. Every balance equals its ledger sum. The child's set-up (staff included) finishes
    // before the first kill, so a manager who cannot sign in is itself a violation.
    if (!tokens.manager) violations.push('the manager cannot sign in: the ledger check did not run');
    const check = await call('manager', 'points:checkLedger', {});
    if (check.ok) {
      const v = check.value as { ok: boolean; mismatches: unknown[] };
      if (!v.ok) violations.push(`ledger invariant: ${JSON.stringify(v.mismatches.slice(0, 3))}`);
    } else {
      violations.push(`points:checkLedger: ${check.error.code} ${check.error.message}`);
    }

    // 5. Every acknowledged op is present, whole.
    for (const op of acked) {
      const outcome = await findOp(core, op, call);
      if (outcome === 'lost') lost.push(op);
      else if (outcome !== 'present') violations.push(outcome);
    }
    for (const l of logged) violations.push(`internal error logged: ${l}`);
    return { violations, lost, checked: acked.length };
  } finally {
    core.close();
  }
}

type Find = 'present' | 'lost' | string;

async function findOp(
  core: Core,
  op: AckedOp,
  call: (as: Role, channel: string, input: unknown) => Promise<Result<unknown>>,
): Promise<Find> {
  if (isIdempotent(op)) {
    // Replaying the same opId and payload must answer the first result and write nothing;
    // if rows appear, the acknowledged op was not in the store (and the replay re-applied it).
    const before = tablesCountsExceptAudit(core);
    const r = await call(op.as, op.channel, op.input);
    const after = tablesCountsExceptAudit(core);
    if (!r.ok) return `replay of acked ${op.channel} ${String(op.input.opId)}: ${r.error.code} ${r.error.message}`;
    if (before !== after) return 'lost';
    const v = r.value as Record<string, unknown>;
    if (op.kind === 'award') {
      if (v.purchaseId !== op.createdId || v.pointsEarned !== op.pointsEarned)
        return `award ${String(op.input.opId)}: replay answered purchase ${String(v.purchaseId)} (${String(v.pointsEarned)} pts), acked ${op.createdId} (${op.pointsEarned} pts)`;
      const p = await call(op.as, 'points:getPurchase', { receiptNo: op.input.receiptNo });
      if (!p.ok) return `award ${String(op.input.receiptNo)}: points:getPurchase ${p.error.code}`;
      if ((p.value as { purchaseId: string }).purchaseId !== op.createdId)
        return `award ${String(op.input.receiptNo)}: other purchase stored`;
    }
    if (op.kind === 'redeem' && v.id !== op.createdId)
      return `redeem ${String(op.input.opId)}: replay answered another redemption`;
    return 'present';
  }
  switch (op.kind) {
    case 'member': {
      const r = await call(op.as, 'members:get', { memberId: op.createdId });
      if (r.ok) return 'present';
      return r.error.code === 'NOT_FOUND' ? 'lost' : `members:get ${op.createdId}: ${r.error.code}`;
    }
    case 'staff': {
      const row = core.db.prepare('SELECT 1 FROM staff WHERE id = ?').get(op.createdId);
      const audit = core.db
        .prepare("SELECT 1 FROM audit_log WHERE action = 'staff.created' AND target = ?")
        .get(op.createdId);
      if (row && audit) return 'present';
      if (!row && !audit) return 'lost';
      return `staff ${op.createdId} half-applied (row ${Boolean(row)}, audit ${Boolean(audit)})`;
    }
    case 'setting': {
      const audit = core.db
        .prepare(
          "SELECT 1 FROM audit_log WHERE action = 'settings.changed' AND target = 'storeName' AND json_extract(details, '$.to') = ?",
        )
        .get(op.input.storeName);
      return audit ? 'present' : 'lost';
    }
    default:
      return `no check for ${op.kind}`;
  }
}

/**
 * Half-applied writes would show as rows whose partners are missing: a purchase whose
 * earn entry is not in the ledger, a redemption without its ledger entry, a voided one
 * without its give-back. Each check runs only once its tables exist.
 */
const CROSS_TABLE: { needs: string[]; what: string; sql: string }[] = [
  {
    needs: ['points_purchases', 'points_ledger'],
    what: 'purchases whose earn entry is missing from the ledger',
    sql: `SELECT count(*) FROM points_purchases p WHERE p.earn_entry_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.id = p.earn_entry_id)`,
  },
  {
    needs: ['points_purchases', 'points_ledger'],
    what: 'purchases that earned points but record no earn entry',
    sql: 'SELECT count(*) FROM points_purchases WHERE points_earned > 0 AND earn_entry_id IS NULL',
  },
  {
    needs: ['reward_redemptions', 'points_ledger'],
    what: 'redemptions whose ledger entry is missing',
    sql: `SELECT count(*) FROM reward_redemptions r
           WHERE NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.id = r.entry_id AND l.kind = 'redeem')`,
  },
  {
    needs: ['reward_redemptions', 'points_ledger'],
    what: 'voided redemptions without their give-back entry (or active ones with one)',
    sql: `SELECT count(*) FROM reward_redemptions r
           WHERE (r.status = 'voided') <> (r.void_entry_id IS NOT NULL)
              OR (r.status = 'voided' AND NOT EXISTS
                   (SELECT 1 FROM points_ledger l WHERE l.id = r.void_entry_id AND l.kind = 'redeem_void'))`,
  },
  {
    needs: ['points_ledger', 'points_balances'],
    what: "members whose latest entry's balance_after differs from the cached balance",
    sql: `SELECT count(*) FROM points_balances b
            JOIN points_ledger l ON l.seq = (SELECT max(seq) FROM points_ledger WHERE member_id = b.member_id)
           WHERE l.balance_after <> b.balance`,
  },
];

function crossTableChecks(core: Core): string[] {
  const tables = new Set(
    (core.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (r) => r.name,
    ),
  );
  const out: string[] = [];
  for (const c of CROSS_TABLE) {
    if (!c.needs.every((t) => tables.has(t))) continue;
    try {
      const n = core.db.prepare(c.sql).pluck().get() as number;
      if (n > 0) out.push(`${n} ${c.what}`);
    } catch (err) {
      out.push(`check "${c.what}" failed to run: ${String(err)}`);
    }
  }
  return out;
}
