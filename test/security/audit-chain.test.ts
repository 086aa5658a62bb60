import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeCore, makeStaffedCore, OWNER, CASHIER, type TestCore } from '../helpers/core';
import { register } from '../core/members/helpers';
import { AuditKeyUnavailableError } from '../../src/main/core/keys/load-keys';
import { replaceAuditKey } from '../../src/main/core/keys/replace-key';
import { configureExport, openBehindTheAppsBack, rewriteRecord, tempDir, truncateFrom } from './helpers';

/**
 * Finding: the audit hash chain was unkeyed from a fixed genesis and anchored nowhere —
 * rewriting an adjustment and re-hashing the rest passed `audit:verify`. Each attack below
 * is made as the attacker would (through the dispatcher, or on the file behind the app's
 * back) and must be detected.
 */
async function storeWithAdjustment() {
  const { core, tokens } = await makeStaffedCore();
  const m = await register(core, tokens.cashier, 1);
  await core.ok(
    'points:adjust',
    { opId: randomUUID(), memberId: m.id, points: 50, reason: 'goodwill' },
    tokens.manager,
  );
  const adjustSeq = core.db
    .prepare("SELECT seq FROM audit_log WHERE action = 'points.adjusted'")
    .pluck()
    .get() as number;
  // Some records after it, so there is a "rest" to re-hash.
  for (let i = 0; i < 3; i++) await core.ok('auth:signIn', { username: OWNER.username, password: OWNER.password });
  return { core, tokens, m, adjustSeq };
}

const keyFile = (core: TestCore) => `${core.config.dbPath}.key`;
const verify = (core: TestCore, token: string) => core.ok('audit:verify', {}, token);

async function exportNow(core: TestCore, token: string, kind: 'full' | 'incremental' = 'incremental') {
  return core.ok('offline:exportRun', { kind }, token);
}

describe('the keyed audit chain', () => {
  it('an adjustment rewritten and the rest re-hashed with SHA-256 is detected (through the dispatcher)', async () => {
    for (const mode of ['sha256', 'relabel'] as const) {
      const { core, tokens, adjustSeq } = await storeWithAdjustment();
      expect((await verify(core, tokens.owner)).ok).toBe(true);
      rewriteRecord(core.db, adjustSeq, { points: 50_000, reason: 'goodwill' }, mode);
      const v = await verify(core, tokens.owner);
      expect(v, mode).toMatchObject({ ok: false, brokenAt: adjustSeq });
    }
  });

  it('the same attack on the file while the app is closed is reported at the next start and audited', async () => {
    const { core, adjustSeq } = await storeWithAdjustment();
    core.close();
    const file = openBehindTheAppsBack(core.config.dbPath);
    rewriteRecord(file, adjustSeq, { points: 50_000, reason: 'goodwill' }, 'sha256');
    file.close();
    const again = makeCore({ dir: core.dir, clock: core.clock });
    expect(again.startup.problems).toContainEqual({
      check: 'audit-chain',
      problem: expect.stringMatching(new RegExp(`broken at record #${adjustSeq}`)),
    });
    expect(again.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'audit.checkFailed'").pluck().get()).toBe(1);
  });

  it('with the key (an insider): the chain verifies on its own but no longer extends the exported head', async () => {
    const { core, tokens, adjustSeq } = await storeWithAdjustment();
    const dir = tempDir('pd-sec-export-');
    await configureExport(core, tokens.manager, dir);
    await exportNow(core, tokens.manager, 'full');
    rewriteRecord(core.db, adjustSeq, { points: 50_000, reason: 'goodwill' }, 'withKey', keyFile(core));
    const v = await verify(core, tokens.owner);
    expect(v.extendsExportedHead).toBe(false);
    expect(v.ok).toBe(false);
    expect(v.brokenAt).toBe(v.exportedHead!.seq);
    expect(core.runStartupChecks().map((p) => p.check)).toContain('audit-chain');
  });

  it('the tail cut off (truncated) is detected against the exported head', async () => {
    const { core, tokens, adjustSeq } = await storeWithAdjustment();
    const dir = tempDir('pd-sec-export-');
    await configureExport(core, tokens.manager, dir);
    await exportNow(core, tokens.manager);
    truncateFrom(core.db, adjustSeq);
    const v = await verify(core, tokens.owner);
    expect(v).toMatchObject({ ok: false, extendsExportedHead: false });
  });

  it('an older backup swapped in for the store file is detected at the next start', async () => {
    const { core, tokens } = await storeWithAdjustment();
    const old = await core.ok('offline:backupNow', {}, tokens.owner);
    core.clock.advance(60_000);
    await core.ok(
      'staff:create',
      { username: 'late', displayName: 'Late', password: 'long enough pass', role: 'cashier' },
      tokens.owner,
    );
    const dir = tempDir('pd-sec-export-');
    await configureExport(core, tokens.manager, dir);
    await exportNow(core, tokens.manager);
    core.close();
    for (const ext of ['-wal', '-shm']) rmSync(core.config.dbPath + ext, { force: true });
    copyFileSync(join(core.config.backupDir, old.name), core.config.dbPath);
    const again = makeCore({ dir: core.dir, clock: core.clock });
    expect(again.startup.problems.find((p) => p.check === 'audit-chain')?.problem).toMatch(/no longer contains record/);
    const owner = (await again.ok('auth:signIn', { username: OWNER.username, password: OWNER.password })).token;
    expect(await again.ok('audit:verify', {}, owner)).toMatchObject({ ok: false, extendsExportedHead: false });
  });

  it('an owner’s restore through the app is a rollback it records, not tampering', async () => {
    const { core, tokens } = await storeWithAdjustment();
    const old = await core.ok('offline:backupNow', {}, tokens.owner);
    core.clock.advance(60_000);
    await core.ok(
      'staff:create',
      { username: 'late', displayName: 'Late', password: 'long enough pass', role: 'cashier' },
      tokens.owner,
    );
    const dir = tempDir('pd-sec-export-');
    await configureExport(core, tokens.manager, dir);
    await exportNow(core, tokens.manager);
    await core.ok('offline:backupRestore', { name: old.name, confirm: true }, tokens.owner);
    const v = await verify(core, tokens.owner);
    expect(v).toMatchObject({ ok: true, extendsExportedHead: true });
    expect(core.runStartupChecks()).toEqual([]);
  });

  it('an unkeyed record after the keyed chain started breaks it', async () => {
    const { core, tokens } = await storeWithAdjustment();
    const last = core.db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number };
    rewriteRecord(core.db, last.seq, { forged: true }, 'relabel');
    expect(await verify(core, tokens.owner)).toMatchObject({ ok: false, brokenAt: last.seq });
  });
});

describe('a missing or wrong key', () => {
  it('is never silently replaced by a new chain: the core refuses to open, loudly', async () => {
    const { core } = await storeWithAdjustment();
    core.close();
    rmSync(keyFile(core)); // restored to another machine, keychain wiped
    let err: unknown;
    try {
      makeCore({ dir: core.dir, clock: core.clock });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AuditKeyUnavailableError);
    expect((err as AuditKeyUnavailableError).reason).toBe('missing');
    expect(String(err)).toMatch(/owner must confirm/);
    // Someone else's key is refused too.
    const other = await makeStaffedCore();
    other.core.close();
    copyFileSync(keyFile(other.core), keyFile(core));
    expect(() => makeCore({ dir: core.dir, clock: core.clock })).toThrow(/not the key this store was protected with/);
  });

  it('only the owner, with their password, can start a new key; it is recorded and later edits still show', async () => {
    const { core, adjustSeq } = await storeWithAdjustment();
    core.close();
    rmSync(keyFile(core));
    const dbPath = core.config.dbPath;
    const now = core.clock.now;
    expect(() => replaceAuditKey({ dbPath, username: CASHIER.username, password: CASHIER.password, now })).toThrow(
      /Only the owner/,
    );
    expect(() => replaceAuditKey({ dbPath, username: OWNER.username, password: 'wrong password', now })).toThrow(
      /Only the owner/,
    );
    const out = replaceAuditKey({ dbPath, username: OWNER.username, password: OWNER.password, now });
    expect(out.reason).toBe('missing');
    // Nothing to replace any more.
    expect(() => replaceAuditKey({ dbPath, username: OWNER.username, password: OWNER.password, now })).toThrow(
      /nothing to replace/,
    );
    const again = makeCore({ dir: core.dir, clock: core.clock });
    expect(again.startup.problems).toEqual([]);
    const token = (await again.ok('auth:signIn', { username: OWNER.username, password: OWNER.password })).token;
    const v = await again.ok('audit:verify', {}, token);
    expect(v).toMatchObject({ ok: true, macVerifiedFrom: out.replacedAtSeq });
    const rec = again.db.prepare('SELECT actor_name, details FROM audit_log WHERE seq = ?').get(out.replacedAtSeq) as {
      actor_name: string;
      details: string;
    };
    expect(rec.actor_name).toBe(OWNER.username);
    expect(JSON.parse(rec.details)).toMatchObject({ reason: 'missing', keyId: out.keyId });
    // The records before the new key can no longer be MAC-checked, but they are frozen.
    again.db.exec('DROP TRIGGER audit_log_no_update');
    again.db.prepare('UPDATE audit_log SET details = ? WHERE seq = ?').run('{"points":50000}', adjustSeq);
    expect(await again.ok('audit:verify', {}, token)).toMatchObject({ ok: false, brokenAt: out.replacedAtSeq });
  });
});
