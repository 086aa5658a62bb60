import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeStaffedCore } from '../../helpers/core';
import { op, registerMember } from '../points/points-helpers';
import { newId } from '../../../src/main/core/ids';

const walSize = (dbPath: string) => statSync(`${dbPath}-wal`).size;
const tick = () => new Promise<void>((r) => setImmediate(r));

describe('WAL checkpoint policy (after the reply, bounded)', () => {
  it('turns the inline auto-checkpoint off on the writer', async () => {
    const { core } = await makeStaffedCore();
    expect(core.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(core.db.pragma('synchronous', { simple: true })).toBe(2); // FULL, unchanged
  });

  it('checkpoints after the reply every N writes when calls come as IPC does (a turn of the loop apart)', async () => {
    const { core, tokens } = await makeStaffedCore({ checkpoints: { everyWrites: 8, softCapBytes: 256 * 1024 } });
    const member = await registerMember(core, tokens.cashier);
    const before = core.checkpoints.stats.scheduled;
    for (let i = 0; i < 80; i++) {
      await core.ok(
        'points:award',
        { opId: op(), memberId: member, receiptNo: `R-${i}`, totalMinor: 1000 },
        tokens.cashier,
      );
      await tick();
    }
    expect(core.checkpoints.stats.scheduled - before).toBeGreaterThanOrEqual(80 / 8 - 1);
    expect(core.checkpoints.stats.inline).toBe(0);
    // journal_size_limit truncates the file back when the WAL restarts: it stays near the soft cap.
    expect(walSize(core.config.dbPath)).toBeLessThanOrEqual(512 * 1024);
  });

  it('keeps the WAL under the hard cap even when calls never let the loop turn', async () => {
    const hard = 512 * 1024;
    const { core, tokens } = await makeStaffedCore({
      checkpoints: { everyWrites: 8, softCapBytes: 128 * 1024, hardCapBytes: hard },
    });
    const member = await registerMember(core, tokens.cashier);
    let max = 0;
    for (let i = 0; i < 300; i++) {
      await core.ok(
        'points:award',
        { opId: op(), memberId: member, receiptNo: `T-${i}`, totalMinor: 1000 },
        tokens.cashier,
      );
      max = Math.max(max, walSize(core.config.dbPath));
    }
    expect(core.checkpoints.stats.inline).toBeGreaterThan(0);
    // One award adds well under 200 KB of frames, and the inline check runs at most 8 writes late.
    expect(max).toBeLessThan(hard + 8 * 200 * 1024);
  });

  it('a committed award is in the file after reopening, checkpointed or not', async () => {
    const { core, tokens } = await makeStaffedCore({ checkpoints: { everyWrites: 1000 } });
    const member = await registerMember(core, tokens.cashier);
    const r = await core.ok(
      'points:award',
      { opId: op(), memberId: member, receiptNo: 'R-keep', totalMinor: 2500 },
      tokens.cashier,
    );
    const again = core.reopen();
    const row = again.db.prepare('SELECT points_earned FROM points_purchases WHERE receipt_no = ?').get('R-keep') as
      { points_earned: number } | undefined;
    expect(row?.points_earned).toBe(r.pointsEarned);
  });
});

describe('pooled UUIDv7', () => {
  it('makes valid, unique v7 ids in creation order', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    for (const id of ids.slice(0, 50))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
