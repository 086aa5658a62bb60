import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

describe('migration 028-chain-redemptions', () => {
  it("captures a redemption's entries with the redemption and its reward, every other entry as before", () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m28-')), 'db.sqlite'));
    migrate(db, { to: 27 });
    db.prepare(
      `INSERT INTO members (id, card_number, name, name_key, email, created_at, updated_at)
       VALUES ('m1', '2900000000017', 'Li Lei', 'li lei', 'li@example.com', 1, 1)`,
    ).run();
    expect(migrate(db, { to: 28 })).toEqual([28]);
    expect(schemaVersion(db)).toBe(28);
    db.prepare('UPDATE sync_state SET capture = 1 WHERE id = 1').run();
    let seq = 0;
    const entry = (kind: string, points: number, refId: string | null, facts: object) =>
      db
        .prepare(
          `INSERT INTO points_ledger (id, member_id, kind, points, balance_after, op_id, terminal_id, ref_id, created_at, facts)
           VALUES (?, 'm1', ?, ?, 0, ?, 't1', ?, 5, ?)`,
        )
        .run(`e${++seq}`, kind, points, `o${seq}`, refId, JSON.stringify({ schemaVersion: 1, ...facts }));
    const reward = { id: 'w1', name: 'Coffee, large', kind: 'goods' };
    entry('adjust', 50, null, { kind: 'adjust', points: 50, reason: 'Goodwill' });
    entry('redeem', -30, 'r1', { kind: 'redeem', reward, points: 30 });
    entry('redeem_void', 30, 'r1', { kind: 'redeemVoid', reward, points: 30, reason: 'Wrong' });
    const rows = (
      db.prepare("SELECT row FROM sync_capture WHERE what = 'entry' ORDER BY seq").pluck().all() as string[]
    ).map((r) => JSON.parse(r) as { kind: string; redemption: unknown; refId: string | null });
    expect(rows.map((r) => [r.kind, r.refId, r.redemption])).toEqual([
      ['adjust', null, null],
      ['redeem', 'r1', { id: 'r1', rewardId: 'w1', rewardName: 'Coffee, large' }],
      ['redeem_void', 'r1', { id: 'r1', rewardId: 'w1', rewardName: 'Coffee, large' }],
    ]);
    db.close();
  });
});
