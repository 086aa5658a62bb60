import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { enrolledCore } from './enrolled-core';
import { ok, startChain, usePgCluster } from './helpers';

/**
 * Restoring a backup in chain mode (sync/restore-carry.ts) with a real terminal core and
 * the real head office on PostgreSQL: the outbox's sequence is never rewound, so head
 * office reports no conflict, and nothing a cashier saw confirmed after the backup — pushed
 * or still waiting — is lost at head office; and the restored audit chain is accepted as a
 * recorded fork from the backup's head, while a "restore" from a head head office never held
 * is refused.
 */
const pg = usePgCluster();

describe('restore in chain mode', () => {
  it('does not rewind the outbox sequence: no conflicts, every confirmed op reaches head office once', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const { core, tokens, net, sync } = await enrolledCore(chain, store, 'A1');
    const award = (memberId: string, receiptNo: string) =>
      core.ok('points:award', { opId: randomUUID(), memberId, receiptNo, totalMinor: 10_000 }, tokens.cashier);

    const m = await core.ok('members:register', { name: 'Wang Fang', email: 'w@example.com' }, tokens.cashier);
    await award(m.id, 'R-1');
    await sync();
    const backup = await core.ok('offline:backupNow', {}, tokens.owner);
    const seqAtBackup = core.db.prepare('SELECT next_seq FROM sync_state').pluck().get() as number;
    const auditAtBackup = core.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
    };

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
    // Nothing is refused: the restored audit chain is a recorded fork (restore-carry.ts,
    // apply-audit.ts), not a broken chain.
    expect(core.db.prepare("SELECT kind, reason FROM sync_outbox WHERE state <> 'done'").all()).toEqual([]);
    const head = await ok(chain.admin('admin:auditHead', { terminalId: core.terminalId }));
    expect(head.broken).toEqual([]);
    expect(head.forks).toHaveLength(1);
    const fork = head.forks[0];
    // The fork starts at the backup file's head (the live chain's `backup.created` record
    // came after the copy) and rewinds what head office held after it.
    expect(fork.fromSeq).toBe(auditAtBackup.seq - 1);
    expect(fork.rewoundThrough).toBeGreaterThan(fork.fromSeq);
    const rewound = await chain.pool.query(
      'SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi FROM audit_rewound WHERE terminal_id = $1',
      [core.terminalId],
    );
    expect(rewound.rows[0]).toEqual({
      n: fork.rewoundThrough - fork.fromSeq,
      lo: fork.fromSeq + 1,
      hi: fork.rewoundThrough,
    });
    // Head office now holds the restored chain as the terminal has it, up to its head.
    const local = core.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
    };
    expect({ seq: Number(head.seq), hash: head.hash }).toEqual(local);
    const restoredRecord = core.db.prepare("SELECT seq FROM audit_log WHERE action = 'backup.restored'").pluck().get();
    expect(restoredRecord).toBe(fork.fromSeq + 1);
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

describe('a restore announced to head office', () => {
  it('is refused as forkUnknown when head office never held the restored head', async () => {
    const chain = await startChain(pg);
    const store = await chain.createStore('North');
    const t = await chain.enrol(store);
    const GENESIS = '0'.repeat(64);
    const rec = (seq: number, prevHash: string, hash: string) => ({
      seq,
      id: randomUUID(),
      at: 1_000 + seq,
      terminalId: t.terminalId,
      actorId: null,
      actorName: null,
      action: 'test.record',
      target: null,
      details: '{}',
      prevHash,
      hash,
      link: 'hmac-sha256' as const,
    });
    const h = (n: number) => n.toString(16).padStart(64, '0');
    const first = await t.pushOk([
      t.op('audit.append', { scheme: 'hmac-sha256-chain-v1', records: [rec(1, GENESIS, h(1)), rec(2, h(1), h(2))] }),
    ]);
    expect(first.outcomes[0]).toMatchObject({ status: 'applied' });
    // A fork from a head head office does not hold: a rewrite calling itself a restore.
    const forged = await t.pushOk([
      t.op('audit.append', {
        scheme: 'hmac-sha256-chain-v1',
        restoredFrom: { seq: 1, hash: h(99) },
        records: [rec(2, h(99), h(3))],
      }),
    ]);
    expect(forged.outcomes[0]).toMatchObject({ status: 'rejected', reason: 'auditChainBroken' });
    const head = await ok(chain.admin('admin:auditHead', { terminalId: t.terminalId }));
    expect(head).toMatchObject({ seq: 2, hash: h(2), forks: [] });
    expect(head.broken).toEqual([{ seq: 2, reason: 'forkUnknown' }]);
    // The genuine one, from record 1 head office holds: the rewound record 2 is kept aside.
    const fork = await t.pushOk([
      t.op('audit.append', {
        scheme: 'hmac-sha256-chain-v1',
        restoredFrom: { seq: 1, hash: h(1) },
        records: [rec(2, h(1), h(4)), rec(3, h(4), h(5))],
      }),
    ]);
    expect(fork.outcomes[0]).toMatchObject({ status: 'applied' });
    const after = await ok(chain.admin('admin:auditHead', { terminalId: t.terminalId }));
    expect(after).toMatchObject({ seq: 3, hash: h(5) });
    expect(after.forks).toEqual([{ fromSeq: 1, rewoundThrough: 2, at: expect.any(Number) }]);
    const kept = await chain.pool.query('SELECT seq::int, hash FROM audit_rewound WHERE terminal_id = $1', [
      t.terminalId,
    ]);
    expect(kept.rows).toEqual([{ seq: 2, hash: h(2) }]);
  });
});
