import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeStaffedCore, snapshotCounts, type TestCore } from '../../helpers/core';
import { pushOp } from '../../../src/shared/sync';
import { flushOrphanCaptures } from '../../../src/main/core/sync/outbox-step';

/** Chain mode without a server: what enrolment switches on (core/sync/enrol.ts). */
function enrolledAsIf(core: TestCore) {
  core.db
    .prepare("UPDATE sync_state SET capture = 1, server_url = 'http://127.0.0.1:9', enrolled_at = 1 WHERE id = 1")
    .run();
}

const outbox = (core: TestCore) =>
  (
    core.db
      .prepare('SELECT seq, op_id, kind, at, staff, payload, state, points FROM sync_outbox ORDER BY seq')
      .all() as {
      seq: number;
      op_id: string;
      kind: string;
      at: number;
      staff: string | null;
      payload: string;
      state: string;
      points: number;
    }[]
  ).map((r) => ({ ...r, staff: r.staff ? JSON.parse(r.staff) : null, payload: JSON.parse(r.payload) }));

describe('the outbox step (chain mode)', () => {
  it('standalone: no outbox row and no capture, whatever is written', async () => {
    const { core, tokens } = await makeStaffedCore();
    const m = await core.ok('members:register', { name: 'Wang Fang', phone: '13812345678' }, tokens.cashier);
    await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: m.id, receiptNo: 'R-1', totalMinor: 5_000 },
      tokens.cashier,
    );
    const counts = snapshotCounts(core);
    expect(counts.sync_outbox).toBe(0);
    expect(counts.sync_capture).toBe(0);
  });

  it('every write becomes protocol ops in seq order, named by its effects, with the channel’s op id and the staff claim', async () => {
    const { core, tokens } = await makeStaffedCore();
    enrolledAsIf(core);
    const regOp = randomUUID();
    const m = await core.ok(
      'members:register',
      { name: 'Wang Fang', phone: '13812345678', opId: regOp },
      tokens.cashier,
    );
    const awardOp = randomUUID();
    await core.ok(
      'points:award',
      {
        opId: awardOp,
        memberId: m.id,
        receiptNo: 'R-1',
        lines: [{ quantity: 2, unitPriceMinor: 2_550, category: 'tea' }],
      },
      tokens.cashier,
    );
    await core.ok('members:update', { memberId: m.id, email: 'wang@example.com' }, tokens.cashier);
    await core.ok(
      'points:adjust',
      { opId: randomUUID(), memberId: m.id, points: -5, reason: 'goodwill fix' },
      tokens.manager,
    );
    await core.ok('members:deactivate', { memberId: m.id }, tokens.cashier);

    const rows = outbox(core);
    expect(rows.map((r) => [r.seq, r.kind])).toEqual([
      [1, 'member.register'],
      [2, 'points.award'],
      [3, 'member.update'],
      [4, 'points.ledger'],
      [5, 'member.update'],
    ]);
    expect(rows[0].op_id).toBe(regOp);
    expect(rows[1].op_id).toBe(awardOp);
    expect(rows[0].payload).toMatchObject({ memberId: m.id, cardNumber: m.cardNumber, phone: '+8613812345678' });
    expect(rows[0].staff).toMatchObject({ name: 'Cathy Cashier', role: 'cashier' });
    expect(rows[1].payload).toMatchObject({
      member: { memberId: m.id },
      receiptNo: 'R-1',
      totalMinor: 5_100,
      lines: [{ category: 'tea', amountMinor: 5_100 }],
      entries: [{ kind: 'earn', points: 51 }],
    });
    expect(rows[1].points).toBe(51);
    expect(rows[2].payload).toEqual({ memberId: m.id, changes: { email: 'wang@example.com' } });
    expect(rows[3].payload).toMatchObject({ reason: 'goodwill fix', entries: [{ kind: 'adjust', points: -5 }] });
    expect(rows[3].staff).toMatchObject({ role: 'manager' });
    expect(rows[4].payload).toEqual({ memberId: m.id, changes: { active: false } });
    // Each row is a valid protocol op as stored.
    for (const r of rows)
      expect(
        pushOp.safeParse({ seq: r.seq, opId: r.op_id, at: r.at, staff: r.staff, kind: r.kind, payload: r.payload })
          .success,
      ).toBe(true);
    // The ledger's own entry ids travel (they become head office's journal ids).
    const entryIds = core.db.prepare('SELECT id FROM points_ledger ORDER BY seq').pluck().all();
    expect([...rows[1].payload.entries, ...rows[3].payload.entries].map((e: { entryId: string }) => e.entryId)).toEqual(
      entryIds,
    );
    expect(snapshotCounts(core).sync_capture).toBe(0);
  });

  it('the outbox row commits with the operation and rolls back with it', async () => {
    const { core, tokens } = await makeStaffedCore();
    enrolledAsIf(core);
    const m = await core.ok('members:register', { name: 'Li Lei', phone: '13900000000' }, tokens.cashier);
    const before = outbox(core).length;

    // A refusal: nothing recorded, no outbox row.
    await core.ok(
      'points:award',
      { opId: randomUUID(), memberId: m.id, receiptNo: 'R-9', totalMinor: 1_000 },
      tokens.cashier,
    );
    const r = await core.call(
      'points:award',
      { opId: randomUUID(), memberId: m.id, receiptNo: 'R-9', totalMinor: 1_000 },
      tokens.cashier,
    );
    expect(r.ok).toBe(false);
    expect(outbox(core).length).toBe(before + 1);

    // A failure after the outbox step, in the same transaction (the operation log's
    // insert): the ledger entries, the purchase and the outbox row all roll back.
    core.db.exec(
      `CREATE TRIGGER fail_oplog BEFORE INSERT ON points_operations BEGIN SELECT RAISE(ABORT, 'disk gone'); END`,
    );
    const ledgerBefore = core.db.prepare('SELECT count(*) FROM points_ledger').pluck().get();
    const failed = await core.call(
      'points:award',
      { opId: randomUUID(), memberId: m.id, receiptNo: 'R-10', totalMinor: 1_000 },
      tokens.cashier,
    );
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(core.db.prepare('SELECT count(*) FROM points_ledger').pluck().get()).toBe(ledgerBefore);
    expect(outbox(core).length).toBe(before + 1);
    expect(core.db.prepare('SELECT next_seq FROM sync_state').pluck().get()).toBe(before + 2);
    core.db.exec('DROP TRIGGER fail_oplog');

    // A retry of the same op id is replayed by the dispatcher: no second outbox row.
    const opId = randomUUID();
    await core.ok('points:award', { opId, memberId: m.id, receiptNo: 'R-11', totalMinor: 1_000 }, tokens.cashier);
    await core.ok('points:award', { opId, memberId: m.id, receiptNo: 'R-11', totalMinor: 1_000 }, tokens.cashier);
    expect(outbox(core).filter((o) => o.op_id === opId)).toHaveLength(1);

    // Reopened (as after a crash): the committed rows are there, seqs without gaps.
    const again = core.reopen();
    const seqs = outbox(again).map((o) => o.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('writes made outside the pipeline (a job, a chore) are flushed as ops of their own', async () => {
    const { core, tokens } = await makeStaffedCore();
    enrolledAsIf(core);
    const m = await core.ok('members:register', { name: 'Zhou', phone: '13700000000' }, tokens.cashier);
    // As a chore would: a direct write, no dispatcher.
    core.db.prepare('UPDATE members SET marketing_consent = 1 WHERE id = ?').run(m.id);
    // The next operation first gives the orphan its own op (no staff), then its own.
    await core.ok('members:update', { memberId: m.id, name: 'Zhou Jie' }, tokens.cashier);
    const rows = outbox(core);
    expect(rows.slice(1).map((r) => [r.kind, r.payload.changes, r.staff?.role ?? null])).toEqual([
      ['member.update', { marketingConsent: true }, null],
      ['member.update', { name: 'Zhou Jie' }, 'cashier'],
    ]);
    core.db.prepare('UPDATE members SET marketing_consent = 0 WHERE id = ?').run(m.id);
    expect(flushOrphanCaptures(core.db, core.clock.now())).toBe(1);
    expect(outbox(core).at(-1)?.payload.changes).toEqual({ marketingConsent: false });
  });

  it('an erasure is member.erase; the outbox rows themselves never change', async () => {
    const { core, tokens } = await makeStaffedCore();
    enrolledAsIf(core);
    const m = await core.ok('members:register', { name: 'Qian', phone: '13600000000' }, tokens.cashier);
    await core.ok('members:erase', { memberId: m.id, reason: 'memberRequest' }, tokens.manager);
    expect(outbox(core).map((r) => r.kind)).toEqual(['member.register', 'member.erase']);
    expect(() => core.db.prepare("UPDATE sync_outbox SET payload = '{}' WHERE seq = 1").run()).toThrow(/never changes/);
    core.db.prepare("UPDATE sync_outbox SET state = 'done' WHERE seq = 1").run(); // its state may move on
  });
});
