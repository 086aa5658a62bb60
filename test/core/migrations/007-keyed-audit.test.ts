import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/main/core/db/open-database';
import { migrate, schemaVersion } from '../../../src/main/core/db/migrate';
import { canonicalBytes, GENESIS, sha256Hex, verifyChainIntegrity } from '../../../src/main/core/audit/chain';
import { openCore } from '../../../src/main/core/open-core';
import { verifyAuditChain } from '../../../src/main/core/audit/audit-log';

/** Records as PerkDesk wrote them before 007: SHA-256 links, no key. */
function writeUnkeyedChain(db: Db, n: number) {
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const row = {
      seq,
      id: `0190d4a0-0000-7000-8000-${String(seq).padStart(12, '0')}`,
      at: 1_700_000_000_000 + seq,
      terminal_id: 't1',
      actor_id: null,
      actor_name: 'owner',
      action: seq === 2 ? 'points.adjusted' : 'auth.signIn',
      target: null,
      details: JSON.stringify(seq === 2 ? { points: 50, reason: 'goodwill' } : {}),
      prev_hash: prev,
    };
    const hash = sha256Hex(canonicalBytes(row));
    db.prepare(
      `INSERT INTO audit_log (seq, id, at, terminal_id, actor_id, actor_name, action, target, details, prev_hash, hash)
       VALUES (@seq, @id, @at, @terminal_id, @actor_id, @actor_name, @action, @target, @details, @prev_hash, @hash)`,
    ).run({ ...row, hash });
    prev = hash;
  }
  return prev;
}

function version6Store() {
  const dir = mkdtempSync(join(tmpdir(), 'pd-m7-'));
  const path = join(dir, 'perkdesk.sqlite');
  const db = openDatabase(path);
  migrate(db, { to: 6 });
  db.prepare("INSERT INTO meta (key, value) VALUES ('terminal_id', 't1')").run();
  const lastHash = writeUnkeyedChain(db, 5);
  const member = {
    id: '0190d4a0-0000-7000-8000-00000000aaaa',
    cardNumber: '2000000000008',
    name: 'Ada Lovelace',
    phone: '+8613900000001',
    email: 'ada@example.org',
  };
  db.prepare(
    `INSERT INTO members (id, card_number, name, name_key, phone, phone_last4, email, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, '0001', ?, 1, 1)`,
  ).run(member.id, member.cardNumber, member.name, member.name.toLowerCase(), member.phone, member.email);
  db.prepare(
    `INSERT INTO points_operations (op_id, channel, payload_hash, result, created_at)
     VALUES ('0190d4a0-0000-7000-8000-0000000000op', 'members:register', 'h', ?, 1)`,
  ).run(JSON.stringify({ ...member, phoneDisplay: '139 0000 0001', birthday: null }));
  return { dir, path, db, lastHash, member };
}

describe('migration 007-keyed-audit', () => {
  it('keeps the SHA-256 history verifiable, cuts registration results down to the id, turns on FTS5 secure-delete', () => {
    const { db, member } = version6Store();
    expect(migrate(db, { to: 7 })).toEqual([7]);
    expect(schemaVersion(db)).toBe(7);
    expect(db.prepare('SELECT DISTINCT link FROM audit_log').pluck().all()).toEqual(['sha256']);
    expect(verifyChainIntegrity(db)).toMatchObject({ ok: true, checked: 5 });
    // Only the two link kinds; the append-only triggers are untouched.
    expect(() =>
      db
        .prepare(
          "INSERT INTO audit_log (seq, id, at, terminal_id, action, details, prev_hash, hash, link) VALUES (9, 'x', 1, 't', 'a', '{}', 'p', 'h', 'md5')",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE audit_log SET details = ? WHERE seq = 2').run('{}')).toThrow(/append-only/);
    expect(JSON.parse(db.prepare('SELECT result FROM points_operations').pluck().get() as string)).toEqual({
      memberId: member.id,
    });
    expect(db.prepare("SELECT v FROM members_fts_config WHERE k = 'secure-delete'").pluck().get()).toBe(1);
    db.close();
  });

  it('the first open afterwards starts the keyed chain with an anchor naming the last unkeyed hash', () => {
    const { path, db, lastHash } = version6Store();
    db.close();
    const core = openCore({ dbPath: path, log: { error: () => {} } });
    const anchor = core.db.prepare('SELECT * FROM audit_log WHERE seq = 6').get() as Record<string, string | number>;
    expect(anchor).toMatchObject({ action: 'audit.chainKeyed', link: 'hmac-sha256', prev_hash: lastHash });
    expect(JSON.parse(anchor.details as string)).toMatchObject({ lastUnkeyed: { seq: 5, hash: lastHash } });
    expect(verifyAuditChain(core.db)).toMatchObject({ ok: true, checked: 6 });
    core.close();
  });

  it('history rewritten and re-hashed with SHA-256 after the anchor no longer verifies', () => {
    const { path, db } = version6Store();
    db.close();
    const core = openCore({ dbPath: path, log: { error: () => {} } });
    core.db.exec('DROP TRIGGER audit_log_no_update');
    // The attacker's move: a bigger adjustment in record 2, every later unkeyed hash recomputed.
    let prev = core.db.prepare('SELECT hash FROM audit_log WHERE seq = 1').pluck().get() as string;
    for (let seq = 2; seq <= 5; seq++) {
      const row = core.db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as Parameters<
        typeof canonicalBytes
      >[0];
      const details = seq === 2 ? JSON.stringify({ points: 5000, reason: 'goodwill' }) : row.details;
      const hash = sha256Hex(canonicalBytes({ ...row, details, prev_hash: prev }));
      core.db
        .prepare('UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?')
        .run(details, prev, hash, seq);
      prev = hash;
    }
    // The SHA-256 part is consistent again, but the keyed anchor still names the old hash.
    expect(verifyAuditChain(core.db)).toMatchObject({ ok: false, brokenAt: 6 });
    core.close();
  });
});
