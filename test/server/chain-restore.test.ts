import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore } from '../helpers/core';
import { ok, startChain, usePgCluster } from './helpers';

/**
 * Restoring a backup in chain mode (sync/restore-carry.ts) with a real terminal core and
 * the real head office on PostgreSQL: the outbox's sequence is never rewound, so head
 * office reports no conflict, and nothing a cashier saw confirmed after the backup — pushed
 * or still waiting — is lost at head office.
 */
const pg = usePgCluster();

describe('restore in chain mode', () => {
  it('does not rewind the outbox sequence: no conflicts, every confirmed op reaches head office once', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const net = { down: false };
    const { core, tokens } = await makeStaffedCore({
      sync: {
        fetch: async (input, init) => {
          if (net.down) throw new Error('connect ECONNREFUSED (test network down)');
          return fetch(input, init);
        },
        timeoutMs: 5_000,
      },
    });
    const { code } = await ok(chain.admin('admin:issueEnrolmentCode', { storeId: store }));
    await core.ok('sync:enrol', { serverUrl: chain.service.url, code, name: 'A1' }, tokens.manager);
    const sync = () => core.ok('sync:now', {}, tokens.cashier);
    const award = (memberId: string, receiptNo: string) =>
      core.ok('points:award', { opId: randomUUID(), memberId, receiptNo, totalMinor: 10_000 }, tokens.cashier);

    const m = await core.ok('members:register', { name: 'Wang Fang', email: 'w@example.com' }, tokens.cashier);
    await award(m.id, 'R-1');
    await sync();
    const backup = await core.ok('offline:backupNow', {}, tokens.owner);
    const seqAtBackup = core.db.prepare('SELECT next_seq FROM sync_state').pluck().get() as number;

    // After the backup: one award pushed, one still waiting (head office unreachable).
    core.clock.advance(60_000);
    await award(m.id, 'R-2');
    await sync();
    net.down = true;
    await award(m.id, 'R-3');
    const seqBefore = core.db.prepare('SELECT next_seq FROM sync_state').pluck().get() as number;
    expect(seqBefore).toBeGreaterThan(seqAtBackup);

    await core.ok('offline:backupRestore', { name: backup.name, confirm: true }, tokens.owner);
    // The sequence carried on; the waiting op is still waiting.
    expect(core.db.prepare('SELECT next_seq FROM sync_state').pluck().get()).toBe(seqBefore);
    expect(
      core.db
        .prepare("SELECT count(*) FROM sync_outbox WHERE state = 'pending' AND kind = 'points.award'")
        .pluck()
        .get(),
    ).toBe(1);

    // Work after the restore, then head office is back.
    const owner = (await core.ok('auth:signIn', { username: 'owner', password: 'correct horse battery' })).token;
    const cashier = (await core.ok('auth:signIn', { username: 'cathy', password: 'cashier pass 42' })).token;
    await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: m.id, receiptNo: 'R-4', totalMinor: 10_000 },
      cashier,
    );
    net.down = false;
    expect(await core.ok('sync:now', {}, owner)).toMatchObject({ ok: true });

    const status = await core.ok('sync:status', {}, cashier);
    expect(status).toMatchObject({ mode: 'chain', online: true, waiting: 0, conflicts: 0 });
    // What head office refuses is the restored audit chain's fork only (its own limit:
    // head office does not yet accept a deliberate rollback) — no operation of the counter.
    expect(core.db.prepare("SELECT kind, reason FROM sync_outbox WHERE state <> 'done'").all()).toEqual([
      { kind: 'audit.append', reason: 'auditChainBroken' },
    ]);
    const awards = await chain.pool.query(
      "SELECT payload->>'receiptNo' AS receipt FROM sync_ops WHERE terminal_id = $1 AND kind = 'points.award' ORDER BY seq",
      [core.terminalId],
    );
    expect(awards.rows.map((r) => r.receipt)).toEqual(['R-1', 'R-2', 'R-3', 'R-4']);
    const balance = await chain.pool.query('SELECT balance::int AS b FROM balances WHERE member_id = $1', [m.id]);
    expect(balance.rows[0].b).toBe(400);
    // The fresh download after the restore brings head office's balance back to the counter.
    expect(await core.ok('sync:balance', { memberId: m.id }, cashier)).toMatchObject({ headOffice: 400, here: 0 });
    expect((await ok(chain.admin('admin:checkJournal', {}))).ok).toBe(true);
  });
});
