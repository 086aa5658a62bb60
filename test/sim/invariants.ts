import type { SyncCall } from '../../src/shared/sync';
import type { Pool } from '../../src/server/db/pool';
import type { SimTill } from './terminal';

/**
 * What must hold once the chain has healed (network perfect, every outbox drained, every
 * till pulled), checked against head office's PostgreSQL and every till's SQLite file.
 * Each failure is one line naming the seed-independent fact that broke.
 */
export interface Attempt {
  opId: string;
  kind: string;
  till: string;
  /** Order in which the counter tried it (the run's own time line). */
  idx: number;
  /** The cashier saw it succeed. */
  confirmed: boolean;
  /** Award: the points the counter showed. */
  points?: number;
  receipt?: { store: number; receiptNo: string };
}

export interface InvariantReport {
  violations: string[];
  /** Operations a cashier saw confirmed that head office does not have. */
  lost: number;
  /** The largest overdraw by spending beyond what the member really had (points). */
  overdrawMax: number;
  /** What the offline allowances allow: the sum of every till's allowance. */
  bound: number;
  /** Redemptions head office decided online, and those made offline (journaled from a push). */
  spends: { online: number; offline: number };
}

interface Ctx {
  pool: Pool;
  admin: SyncCall;
  tills: SimTill[];
  attempts: Map<string, Attempt>;
  allowances: number[];
  unexpected: string[];
}

const SPENDS = new Set(['redeem', 'pay']);

export async function checkInvariants(c: Ctx): Promise<InvariantReport> {
  const v: string[] = c.unexpected.map((u) => `unexpected answer at the counter: ${u}`);
  const q = async <T>(sql: string, params: unknown[] = []) => (await c.pool.query(sql, params)).rows as T[];

  // 1. The server's balances are the sums of its journal (and held of its holds).
  const check = await c.admin('admin:checkJournal', {});
  if (!check.ok) v.push(`admin:checkJournal failed: ${check.error.message}`);
  else if (!check.value.ok) v.push(`journal mismatches: ${JSON.stringify(check.value.mismatches.slice(0, 3))}`);

  // 2. Nothing awarded twice: a store receipt once, an op's earn once (what the counter showed).
  const twice = await q<{ store_id: string; receipt: string; n: number }>(
    `SELECT store_id, payload->>'receiptNo' AS receipt, count(*)::int AS n FROM sync_ops
     WHERE kind = 'points.award' AND status = 'applied' GROUP BY 1, 2 HAVING count(*) > 1`,
  );
  for (const r of twice) v.push(`receipt ${r.receipt} awarded ${r.n} times in store ${r.store_id}`);
  const ops = await q<{ op_id: string; status: string; reason: string | null; terminal_id: string }>(
    'SELECT op_id::text, status, reason, terminal_id::text FROM sync_ops',
  );
  const byOp = new Map(ops.map((o) => [o.op_id, o]));
  const earned = new Map(
    (
      await q<{ op_id: string; points: number }>(
        "SELECT op_id::text, sum(points)::int AS points FROM journal WHERE kind = 'earn' GROUP BY op_id",
      )
    ).map((r) => [r.op_id, r.points]),
  );

  // 3. Every operation a cashier saw confirmed is at head office (a contested receipt: one of them).
  let lost = 0;
  const contested = new Map<string, Attempt[]>();
  for (const a of c.attempts.values()) {
    if (!a.confirmed) continue;
    if (a.receipt) {
      const key = `${a.receipt.store}/${a.receipt.receiptNo}`;
      contested.set(key, [...(contested.get(key) ?? []), a]);
    }
    const op = byOp.get(a.opId);
    if (!op) {
      lost++;
      v.push(`lost: ${a.kind} ${a.opId} confirmed at ${a.till} is not at head office`);
    } else if (op.status === 'parked') {
      v.push(`stuck at head office: ${a.kind} ${a.opId} parked (${op.reason})`);
    } else if (op.status === 'applied' && a.points !== undefined && (earned.get(a.opId) ?? 0) !== a.points) {
      v.push(`award ${a.opId}: the counter showed ${a.points} pts, head office earned ${earned.get(a.opId) ?? 0}`);
    }
  }
  const expectedRejections = new Set<string>();
  for (const [key, group] of contested) {
    const applied = group.filter((a) => byOp.get(a.opId)?.status === 'applied');
    if (group.length > 1 && applied.length !== 1)
      v.push(`receipt ${key}: ${applied.length} of ${group.length} applied`);
    for (const a of group) {
      const op = byOp.get(a.opId);
      if (group.length > 1 && op?.status === 'rejected' && op.reason === 'duplicateReceipt')
        expectedRejections.add(a.opId);
    }
  }
  for (const o of ops) {
    if (o.status === 'rejected' && !expectedRejections.has(o.op_id)) {
      v.push(`head office rejected op ${o.op_id} (${o.reason}) that nothing expected to be rejected`);
    }
    if (o.status === 'parked') v.push(`op ${o.op_id} still parked at head office (${o.reason})`);
  }

  // 4. Online redemptions never overdraw: the balance right after each is ≥ 0 (journal order).
  const online = await q<{ entry_id: string; after: number }>(
    `SELECT r.entry_id::text, (SELECT sum(points) FROM journal j2 WHERE j2.member_id = j.member_id AND j2.seq <= j.seq)::int AS after
     FROM online_redemptions r JOIN journal j ON j.id = r.entry_id`,
  );
  for (const r of online) if (r.after < 0) v.push(`online redemption ${r.entry_id} left the balance at ${r.after}`);

  // 5. Offline overdraw ≤ the allowances: replay the journal in the order the counters
  // confirmed the ops; debt grows only by spends beyond the real balance, earning repays it.
  // A refund's claw-back is left out of that balance: taking back points already spent is
  // the refund policy's negative balance (clawBackNegative), not a spend overdrawing — and
  // a refund not yet pushed is invisible to every other till, online or not.
  const entries = await q<{ member_id: string; kind: string; points: number; op_id: string; seq: number }>(
    'SELECT member_id::text, kind, points::int, op_id::text, seq::int FROM journal',
  );
  // Ops the run did not attempt at the counter (the warm-up before it) come first.
  const order = (e: { op_id: string; seq: number }) => c.attempts.get(e.op_id)?.idx ?? -1e12 + e.seq;
  entries.sort((x, y) => order(x) - order(y) || x.seq - y.seq);
  const balance = new Map<string, number>();
  const debt = new Map<string, number>();
  let overdrawMax = 0;
  for (const e of entries) {
    if (e.kind === 'refund_clawback') continue;
    const b = balance.get(e.member_id) ?? 0;
    let d = debt.get(e.member_id) ?? 0;
    if (SPENDS.has(e.kind)) d += Math.max(0, -e.points - Math.max(0, b));
    else if (e.points > 0) d = Math.max(0, d - e.points);
    balance.set(e.member_id, b + e.points);
    debt.set(e.member_id, d);
    overdrawMax = Math.max(overdrawMax, d);
  }
  const bound = c.allowances.reduce((s, a) => s + a, 0);
  if (overdrawMax > bound) v.push(`offline overdraw ${overdrawMax} above the bound ${bound}`);

  // 6. Every till converged to head office, and no change was skipped by its pull cursor.
  const members = await q<{ id: string; version: number; balance: number; bversion: number }>(
    `SELECT m.id::text, m.version::int, b.balance::int, b.version::int AS bversion
     FROM members m JOIN balances b ON b.member_id = m.id`,
  );
  const rewards = await q<{ id: string; version: number }>('SELECT id::text, version::int FROM rewards');
  for (const t of c.tills) {
    const held = new Map(
      (await t.read<{ member_id: string; balance: number; version: number }>('SELECT * FROM sync_balances')).map(
        (r) => [r.member_id, r],
      ),
    );
    const remote = new Map(
      (
        await t.read<{ entity: string; id: string; version: number }>('SELECT entity, id, version FROM sync_remote')
      ).map((r) => [`${r.entity}/${r.id}`, r.version]),
    );
    for (const m of members) {
      const b = held.get(m.id);
      if (!b || b.version !== m.bversion || b.balance !== m.balance) {
        v.push(
          `${t.name}: balance of ${m.id} is ${b ? `${b.balance} v${b.version}` : 'missing'}, head office ${m.balance} v${m.bversion}`,
        );
      }
      const mv = remote.get(`member/${m.id}`);
      const local = await t.read<{ id: string }>('SELECT id FROM members WHERE id = ?', [m.id]);
      if (local.length === 0) v.push(`${t.name}: member ${m.id} never arrived`);
      else if (mv !== undefined && mv !== m.version)
        v.push(`${t.name}: member ${m.id} at v${mv}, head office v${m.version}`);
      const shown = await t.call('sync:balance', { memberId: m.id });
      const total = shown.ok ? (shown.value as { total: number; here: number }) : null;
      if (!total || total.total !== m.balance || total.here !== 0) {
        v.push(`${t.name}: shows ${JSON.stringify(total)} for ${m.id}, head office ${m.balance}`);
      }
    }
    for (const r of rewards) {
      if (remote.get(`reward/${r.id}`) !== r.version) v.push(`${t.name}: reward ${r.id} not at v${r.version}`);
    }

    // 7. No till stuck: nothing waiting, nothing refused but the expected duplicate receipts.
    const outbox = await t.read<{ op_id: string; state: string; reason: string | null }>(
      "SELECT op_id, state, reason FROM sync_outbox WHERE state <> 'done'",
    );
    for (const o of outbox) {
      if (o.state === 'rejected' && expectedRejections.has(o.op_id)) continue;
      v.push(`${t.name}: outbox op ${o.op_id} ${o.state} (${o.reason})`);
    }
    const invalid = await t.read<{ n: number }>("SELECT count(*) AS n FROM sync_capture WHERE what = 'invalid'");
    if (invalid[0].n > 0) v.push(`${t.name}: ${invalid[0].n} unsendable captures`);

    // 8. Its audit chain is all at head office and verifies there.
    const head = await c.admin('admin:auditHead', { terminalId: t.terminalId });
    const [state] = await t.read<{ through: number; last: number }>(
      'SELECT audit_through AS through, (SELECT coalesce(max(seq), 0) FROM audit_log) AS last FROM sync_state',
    );
    if (!head.ok) v.push(`${t.name}: admin:auditHead failed: ${head.error.message}`);
    else {
      if (head.value.broken.length > 0)
        v.push(`${t.name}: audit chain broken at head office ${JSON.stringify(head.value.broken)}`);
      if (head.value.seq !== state.last || state.through !== state.last) {
        v.push(`${t.name}: audit through ${state.through}, last ${state.last}, head office has ${head.value.seq}`);
      }
    }
    const verify = await t.call('audit:verify', {}, 'manager');
    if (!verify.ok || !(verify.value as { ok: boolean }).ok) v.push(`${t.name}: audit:verify fails locally`);
  }
  // 9. Chain-wide tiers: every till counts each member's chain spend as head office does —
  // its own purchases (net of its refunds) plus the pulled ones it does not hold, each once;
  // a purchase head office refused (a duplicate receipt) stays only on its till.
  const hoSpend = new Map(
    (
      await q<{ member_id: string; s: string }>(
        'SELECT member_id, sum(paid_minor - refunded_minor)::bigint AS s FROM chain_purchases GROUP BY 1',
      )
    ).map((r) => [r.member_id, Number(r.s)]),
  );
  for (const t of c.tills) {
    const refused = new Set(
      (
        await t.read<{ pid: string }>(
          "SELECT json_extract(payload, '$.purchaseId') AS pid FROM sync_outbox WHERE kind = 'points.award' AND state = 'rejected'",
        )
      ).map((r) => r.pid),
    );
    const rows = await t.read<{ m: string; pid: string; net: number }>(
      `SELECT p.member_id AS m, p.id AS pid, p.paid_minor - coalesce((SELECT sum(r.amount_minor) FROM points_refunds r
                WHERE r.purchase_id = p.id), 0) AS net FROM points_purchases p
       UNION ALL
       SELECT c.member_id, c.purchase_id, c.paid_minor - c.refunded_minor FROM sync_chain_purchases c
        WHERE NOT EXISTS (SELECT 1 FROM points_purchases p WHERE p.id = c.purchase_id)`,
    );
    const seen = new Map<string, number>();
    for (const r of rows) if (!refused.has(r.pid)) seen.set(r.m, (seen.get(r.m) ?? 0) + r.net);
    for (const m of new Set([...hoSpend.keys(), ...seen.keys()])) {
      if ((seen.get(m) ?? 0) !== (hoSpend.get(m) ?? 0)) {
        v.push(`${t.name}: counts ${seen.get(m) ?? 0} chain spend for ${m}, head office ${hoSpend.get(m) ?? 0}`);
      }
    }
  }
  const chainSpend = await q<{ purchase_id: string }>('SELECT purchase_id FROM chain_spend_check()');
  if (chainSpend.length > 0) v.push(`chain_spend_check: ${chainSpend.length} purchases off their refunds`);

  const [spends] = await q<{ online: number; offline: number }>(
    `SELECT count(*) FILTER (WHERE r.id IS NOT NULL)::int AS online, count(*) FILTER (WHERE r.id IS NULL)::int AS offline
     FROM journal j LEFT JOIN online_redemptions r ON r.entry_id = j.id WHERE j.kind = 'redeem'`,
  );
  return { violations: v, lost, overdrawMax, bound, spends };
}

/**
 * After head office's expiry run (scenario.ts): its journal and lots agree, no till
 * expired anything itself (chain mode: points/expiry.ts#expiresHere), and every till's
 * copy of every balance is head office's.
 */
export async function checkExpiry(
  pool: Ctx['pool'],
  admin: Ctx['admin'],
  tills: readonly SimTill[],
): Promise<string[]> {
  const v: string[] = [];
  const check = await admin('admin:checkJournal', {});
  if (!check.ok) v.push(`after expiry: admin:checkJournal failed: ${check.error.message}`);
  else if (!check.value.ok)
    v.push(
      `after expiry: journal or lots mismatches: ${JSON.stringify([check.value.mismatches, check.value.lots]).slice(0, 300)}`,
    );
  const server = new Map(
    (await pool.query('SELECT member_id::text AS id, balance::int AS b FROM balances')).rows.map((r) => [r.id, r.b]),
  );
  for (const t of tills) {
    const own = await t.read<{ n: number }>("SELECT count(*) AS n FROM points_ledger WHERE kind = 'expire'");
    if (own[0].n > 0) v.push(`${t.name} expired points itself ${own[0].n} times in chain mode`);
    for (const r of await t.read<{ id: string; b: number }>(
      'SELECT member_id AS id, balance AS b FROM sync_balances',
    )) {
      if (server.has(r.id) && server.get(r.id) !== r.b)
        v.push(`after expiry: ${t.name} holds ${r.b} pts for ${r.id}, head office ${server.get(r.id)}`);
    }
  }
  return v;
}
