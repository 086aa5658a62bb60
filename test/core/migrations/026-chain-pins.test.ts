import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';

const CHAIN_HASH = `pc1$$2b$10$${'a'.repeat(53)}`;

describe('migration 026-chain-pins', () => {
  it('captures the PIN as head office receives it: a chain hash as it is, an own-pepper hash as the mark, only when that changes', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-m26-')), 'db.sqlite'));
    migrate(db, { to: 25 });
    db.prepare(
      `INSERT INTO members (id, card_number, name, name_key, phone, pin_hash, created_at, updated_at)
       VALUES ('m1', '2900000000017', 'Wang Fang', 'wang fang', '+8613800000001', 'pp1$old', 1, 1)`,
    ).run();
    expect(migrate(db, { to: 26 })).toEqual([26]);
    expect(schemaVersion(db)).toBe(26);
    db.prepare('UPDATE sync_state SET capture = 1 WHERE id = 1').run();
    const captured = () => {
      const rows = db.prepare('SELECT what, row FROM sync_capture ORDER BY seq').all() as {
        what: string;
        row: string;
      }[];
      db.prepare('DELETE FROM sync_capture').run();
      return rows.map((r) => {
        const row = JSON.parse(r.row) as { old?: { pinHash: string | null }; new: { pinHash: string | null } };
        return [r.what, row.old?.pinHash, row.new.pinHash];
      });
    };
    const setPin = (hash: string | null) => db.prepare("UPDATE members SET pin_hash = ? WHERE id = 'm1'").run(hash);

    setPin('pp1$new'); // one own-pepper hash for another (pin.ts re-hashing 'pw1$'): nothing to send
    expect(captured()).toEqual([]);
    setPin(CHAIN_HASH);
    expect(captured()).toEqual([['member.update', 'px1$', CHAIN_HASH]]);
    setPin('px1$');
    expect(captured()).toEqual([['member.update', CHAIN_HASH, 'px1$']]);
    db.prepare(
      `INSERT INTO members (id, card_number, name, name_key, email, pin_hash, created_at, updated_at)
       VALUES ('m2', '2900000000024', 'Li Lei', 'li lei', 'li@example.com', 'pw1$salt$mac', 2, 2)`,
    ).run();
    expect(captured()).toEqual([['member.insert', undefined, 'px1$']]);
    // Other fields are captured as before, with the PIN beside them.
    db.prepare("UPDATE members SET name = 'Wang Fang 2' WHERE id = 'm1'").run();
    expect(captured()).toEqual([['member.update', 'px1$', 'px1$']]);
    db.close();
  });
});
