import Database from 'better-sqlite3';
import { latestVersion } from '../../src/main/core/db/migrate';
import { randomUUID } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeStaffedCore, type TestCore } from '../helpers/core';
import { register } from '../core/members/helpers';
import { appendRegisterEntry, registerPath } from '../../src/main/core/offline/backup/backup-register';
import { sha256File } from '../../src/main/core/offline/backup/backup-files';
import { deriveCoreKeys } from '../../src/main/core/keys/derive';
import { fileKeyStore } from '../../src/main/core/keys/key-store';
import { rewriteRecord } from './helpers';

/**
 * Finding: restore trusted a sidecar flag — a backup whose bytes changed after it was
 * made (sha256 ≠ recorded, a planted owner account, dropped triggers) restored.
 */
const owners = (core: TestCore) => core.db.prepare("SELECT username FROM staff WHERE role = 'owner'").pluck().all();

async function storeWithBackup() {
  const { core, tokens } = await makeStaffedCore();
  const m = await register(core, tokens.cashier, 1);
  await core.ok(
    'points:award',
    { opId: randomUUID(), memberId: m.id, receiptNo: 'R-1', totalMinor: 10_000 },
    tokens.cashier,
  );
  const b = await core.ok('offline:backupNow', {}, tokens.owner);
  core.clock.advance(60_000);
  return { core, tokens, b, path: join(core.config.backupDir, b.name) };
}

/** Change the backup as an attacker with the folder would, and fix up its sidecar to match. */
async function tamper(path: string, edit: (db: Database.Database) => void) {
  const db = new Database(path);
  edit(db);
  db.close();
  const sidecar = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as Record<string, unknown>;
  writeFileSync(`${path}.json`, JSON.stringify({ ...sidecar, sha256: await sha256File(path), quickCheck: 'ok' }));
}

/** An insider with the key writes a register line for the tampered file: the deeper checks must still catch it. */
async function forgeRegisterEntry(core: TestCore, name: string, path: string, schemaVersion = latestVersion()) {
  const keys = deriveCoreKeys(fileKeyStore(`${core.config.dbPath}.key`).read()!);
  appendRegisterEntry(core.config.backupDir, keys.files, {
    name,
    createdAt: core.clock.now(),
    sha256: await sha256File(path),
    sizeBytes: readFileSync(path).length,
    schemaVersion,
    terminalId: core.terminalId,
    auditHead: null,
    keyId: keys.keyId,
  });
}

async function restore(core: TestCore, token: string, name: string) {
  return core.call('offline:backupRestore', { name, confirm: true }, token);
}

const PLANT_OWNER = (db: Database.Database) =>
  db
    .prepare(
      "INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at) VALUES ('0190d4a0-0000-7000-8000-00000000beef', 'mallory', 'M', 'owner', 'x', 1, 1)",
    )
    .run();

describe('a restore trusts only what it recorded itself', () => {
  it('refuses a backup with a planted owner account, even with its sidecar fixed up', async () => {
    const { core, tokens, b, path } = await storeWithBackup();
    await tamper(path, PLANT_OWNER);
    const r = await restore(core, tokens.owner, b.name);
    expect(r.ok || r.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'backupChanged' } });
    expect(owners(core)).toEqual(['owner']);
  });

  it('refuses a backup with the append-only triggers dropped', async () => {
    const { core, tokens, b, path } = await storeWithBackup();
    await tamper(path, (db) => db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER points_ledger_no_delete'));
    const r = await restore(core, tokens.owner, b.name);
    expect(r.ok || r.error.details?.reason).toBe('backupChanged');
    // Even with a register line forged with the key, the schema check refuses it.
    await forgeRegisterEntry(core, b.name, path);
    const again = await restore(core, tokens.owner, b.name);
    expect(again.ok || again.error.details).toMatchObject({ reason: 'schemaMismatch' });
    expect(JSON.stringify(again.ok || again.error.details)).toMatch(/audit_log_no_update/);
  });

  it('refuses a planted file (never made here) and a register line edited by hand', async () => {
    const { core, tokens, b, path } = await storeWithBackup();
    const planted = 'perkdesk-manual-20991231T235959999Z.sqlite';
    copyFileSync(path, join(core.config.backupDir, planted));
    copyFileSync(`${path}.json`, join(core.config.backupDir, `${planted}.json`));
    const r = await restore(core, tokens.owner, planted);
    expect(r.ok || r.error.details?.reason).toBe('backupNotRegistered');
    // The register names the real one; a hand edit of its line breaks the line's MAC.
    await tamper(path, PLANT_OWNER);
    const reg = readFileSync(registerPath(core.config.backupDir), 'utf8');
    const fixed = reg.replace(/"sha256":"[0-9a-f]{64}"/, `"sha256":"${await sha256File(path)}"`);
    writeFileSync(registerPath(core.config.backupDir), fixed);
    const edited = await restore(core, tokens.owner, b.name);
    expect(edited.ok || edited.error.details?.reason).toBe('backupNotRegistered');
    expect(owners(core)).toEqual(['owner']);
  });

  it('refuses a schema version other than the one recorded', async () => {
    const { core, tokens, b, path } = await storeWithBackup();
    const latest = latestVersion();
    await tamper(path, (db) => db.pragma(`user_version = ${latest - 1}`));
    await forgeRegisterEntry(core, b.name, path, latest);
    const r = await restore(core, tokens.owner, b.name);
    expect(r.ok || r.error.details).toMatchObject({ reason: 'schemaMismatch', recorded: latest, found: latest - 1 });
  });

  it('runs the audit-chain and ledger checks on the candidate before copying it', async () => {
    const { core, tokens, b, path } = await storeWithBackup();
    await tamper(path, (db) => {
      // Re-hash from record 3 with SHA-256, and put the dropped trigger back exactly as it was.
      const trigger = db
        .prepare("SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'")
        .pluck()
        .get() as string;
      rewriteRecord(db, 3, { forged: true }, 'sha256');
      db.exec(trigger);
    });
    await forgeRegisterEntry(core, b.name, path);
    const chain = await restore(core, tokens.owner, b.name);
    expect(chain.ok || chain.error.details).toMatchObject({ reason: 'auditChainBroken', brokenAt: 3 });

    const second = await core.ok('offline:backupNow', {}, tokens.owner);
    const p2 = join(core.config.backupDir, second.name);
    await tamper(p2, (x) => x.prepare('UPDATE points_balances SET balance = balance + 1000').run());
    await forgeRegisterEntry(core, second.name, p2);
    const ledger = await restore(core, tokens.owner, second.name);
    expect(ledger.ok || ledger.error.details?.reason).toBe('ledgerMismatch');
  });

  it('a genuine backup restores', async () => {
    const { core, tokens, b } = await storeWithBackup();
    const r = await restore(core, tokens.owner, b.name);
    expect(r.ok).toBe(true);
  });
});
