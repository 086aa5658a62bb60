import { describe, expect, it } from 'vitest';
import { makeStaffedCore } from '../helpers/core';
import { auditDigest } from '../../src/server/push/apply-audit';
import type { TestCore } from '../helpers/core';
import { coreAuditRecords, coreOps } from './core-outbox';
import { newOpId, ok, startChain, usePgCluster } from './helpers';

const pg = usePgCluster();

function coreBalances(core: TestCore) {
  return Object.fromEntries(
    (
      core.db.prepare('SELECT member_id, balance FROM points_balances').all() as {
        member_id: string;
        balance: number;
      }[]
    ).map((r) => [r.member_id, r.balance]),
  );
}

describe('with real terminal cores', () => {
  it('what a core recorded pushes as-is: head office balances equal the terminal’s, and a second store finds them', async () => {
    const chain = await startChain(pg);
    const storeA = await chain.createStore('A');
    const storeB = await chain.createStore('B');
    const { core: a, tokens } = await makeStaffedCore();
    const { core: b } = await makeStaffedCore();
    const tillA = await chain.enrol(storeA, 'A1', a.terminalId);
    const tillB = await chain.enrol(storeB, 'B1', b.terminalId);

    const wang = await a.ok(
      'members:register',
      { name: 'Wang Fang', phone: '13812345678', opId: newOpId() },
      tokens.cashier,
    );
    const li = await a.ok(
      'members:register',
      { name: 'Li Lei', email: 'li@example.com', opId: newOpId() },
      tokens.cashier,
    );
    await a.ok(
      'points:award',
      { opId: newOpId(), memberId: wang.id, receiptNo: 'R-1', totalMinor: 10_550 },
      tokens.cashier,
    );
    await a.ok(
      'points:award',
      {
        opId: newOpId(),
        memberId: li.id,
        receiptNo: 'R-2',
        lines: [{ quantity: 3, unitPriceMinor: 2_000, category: 'tea' }],
      },
      tokens.cashier,
    );
    await a.ok(
      'points:adjust',
      { opId: newOpId(), memberId: wang.id, points: -5, reason: 'goodwill fix' },
      tokens.manager,
    );
    const reward = await a.ok('rewards:create', { name: 'Mug', kind: 'goods', costPoints: 50 }, tokens.manager);
    await a.ok('rewards:redeem', { opId: newOpId(), memberId: wang.id, rewardId: reward.id }, tokens.cashier);

    const ops = coreOps(a);
    expect(ops.map((o) => o.kind)).toEqual([
      'member.register',
      'member.register',
      'points.award',
      'points.award',
      'points.ledger',
      'points.ledger',
    ]);
    const first = await tillA.pushOk(ops.slice(0, 3));
    const rest = await tillA.pushOk(ops.slice(3));
    expect([...first.outcomes, ...rest.outcomes].map((o) => o.status)).toEqual(Array(6).fill('applied'));
    expect(rest.ackedThrough).toBe(6);

    const server = await chain.pool.query('SELECT member_id, balance FROM balances');
    expect(Object.fromEntries(server.rows.map((r) => [r.member_id, r.balance]))).toEqual(coreBalances(a));
    const journal = await chain.pool.query('SELECT id FROM journal ORDER BY seq');
    const ledger = a.db.prepare('SELECT id FROM points_ledger ORDER BY seq').pluck().all();
    expect(journal.rows.map((r) => r.id)).toEqual(ledger); // the terminal's own entry ids

    // Everything again (a crash before the acknowledgement was stored): nothing changes.
    const again = await tillA.pushOk(ops);
    expect(again.outcomes.every((o) => o.replay)).toBe(true);
    expect((await chain.pool.query('SELECT count(*) AS n FROM journal')).rows[0].n).toBe(ledger.length);

    // Store B's terminal finds the member by the card printed at store A.
    const found = await ok(tillB.req('members:lookup', { cardNumber: wang.cardNumber }));
    expect(found.matches[0]).toMatchObject({
      member: { id: wang.id, name: 'Wang Fang', phone: '+8613812345678', homeStoreId: storeA },
      balance: { balance: coreBalances(a)[wang.id] },
    });
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
  });

  it('head office holds each terminal’s audit chain: a history rewritten and re-hashed after a push is caught there too', async () => {
    const chain = await startChain(pg);
    const { core, tokens } = await makeStaffedCore();
    const till = await chain.enrol(await chain.createStore(), 'T', core.terminalId);
    const appendAudit = (records: ReturnType<typeof coreAuditRecords>) =>
      till.pushOk([till.op('audit.append', { scheme: 'hmac-sha256-chain-v1', records })]);

    const first = await appendAudit(coreAuditRecords(core));
    expect(first.outcomes[0]).toMatchObject({ status: 'applied' });
    const head1 = await ok(chain.admin('admin:auditHead', { terminalId: core.terminalId }));
    expect(head1.seq).toBe(core.db.prepare('SELECT max(seq) FROM audit_log').pluck().get());

    await core.ok(
      'points:adjust',
      {
        opId: newOpId(),
        memberId: (await core.ok('members:register', { name: 'Zhou', phone: '13900000000' }, tokens.cashier)).id,
        points: 10,
        reason: 'welcome',
      },
      tokens.manager,
    );
    const more = await appendAudit(coreAuditRecords(core, head1.seq));
    expect(more.outcomes[0]).toMatchObject({ status: 'applied' });
    // Overlapping records that match are fine (a resend from an older head).
    expect((await appendAudit(coreAuditRecords(core))).outcomes[0].status).toBe('applied');

    // Someone with the database file rewrites record 2 and re-hashes everything after it.
    core.db.exec('DROP TRIGGER audit_log_no_update');
    core.db.prepare(`UPDATE audit_log SET details = '{"rewritten":true}' WHERE seq = 2`).run();
    const rows = coreAuditRecords(core);
    let prev = rows[0].hash;
    for (const r of rows.slice(1)) {
      r.prevHash = prev;
      r.hash = auditDigest(r);
      core.db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(r.prevHash, r.hash, r.seq);
      prev = r.hash;
    }
    // The keyed chain shows it on the terminal (a SHA-256 re-hash is no HMAC) …
    expect(await core.ok('audit:verify', {}, tokens.manager)).toMatchObject({ ok: false });
    // … and head office, holding the original records, refuses the rewritten history.
    const caught = await appendAudit(coreAuditRecords(core));
    expect(caught.outcomes[0]).toMatchObject({ status: 'rejected', reason: 'auditChainBroken' });
    const head2 = await ok(chain.admin('admin:auditHead', { terminalId: core.terminalId }));
    expect(head2.broken).toEqual([{ seq: 2, reason: 'rewritten' }]);
    expect(head2.seq).toBeGreaterThan(head1.seq); // the records pushed before the rewrite
    const kept = await chain.pool.query('SELECT details FROM audit_records WHERE terminal_id = $1 AND seq = 2', [
      core.terminalId,
    ]);
    expect(kept.rows[0].details).not.toContain('rewritten');
  });
});
