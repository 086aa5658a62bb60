import { describe, expect, it } from 'vitest';
import { makeStaffedCore } from '../../helpers/core';
import { verifyAuditChain } from '../../../src/main/core/audit/audit-log';

describe('audit log', () => {
  it('chains every record and verifies', async () => {
    const { core, tokens } = await makeStaffedCore();
    const v = await core.ok('audit:verify', {}, tokens.manager);
    expect(v.ok).toBe(true);
    expect(v.checked).toBeGreaterThan(3);
  });

  it('refuses UPDATE and DELETE at the database level', async () => {
    const { core } = await makeStaffedCore();
    expect(() => core.db.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => core.db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/append-only/);
  });

  it('detects a record edited behind the app’s back', async () => {
    const { core } = await makeStaffedCore();
    core.db.exec('DROP TRIGGER audit_log_no_update');
    core.db.prepare(`UPDATE audit_log SET details = '{"username":"mallory"}' WHERE seq = 2`).run();
    const v = verifyAuditChain(core.db);
    expect(v).toMatchObject({ ok: false, brokenAt: 2, checked: 1 });
  });

  it('detects a deleted record', async () => {
    const { core } = await makeStaffedCore();
    core.db.exec('DROP TRIGGER audit_log_no_delete');
    core.db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(verifyAuditChain(core.db)).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('lists with filters and pages backwards', async () => {
    const { core, tokens } = await makeStaffedCore();
    const all = await core.ok('audit:list', { limit: 500 }, tokens.manager);
    const signIns = await core.ok('audit:list', { action: 'auth.signIn', limit: 500 }, tokens.manager);
    expect(signIns.entries.every((e) => e.action.startsWith('auth.signIn'))).toBe(true);
    expect(signIns.entries.length).toBeLessThan(all.entries.length);
    const page1 = await core.ok('audit:list', { limit: 2 }, tokens.manager);
    expect(page1.nextBefore).not.toBeNull();
    const page2 = await core.ok('audit:list', { limit: 2, before: page1.nextBefore! }, tokens.manager);
    expect(page2.entries[0].seq).toBeLessThan(page1.entries[1].seq);
    // LIKE wildcards in the filter are literal.
    const none = await core.ok('audit:list', { action: '%', limit: 10 }, tokens.manager);
    expect(none.entries).toHaveLength(0);
  });

  it('audits unauthenticated and forbidden calls', async () => {
    const { core, tokens } = await makeStaffedCore();
    await core.call('staff:list', {});
    await core.call('staff:list', {}, tokens.cashier);
    const actions = (core.db.prepare('SELECT action FROM audit_log').all() as { action: string }[]).map(
      (r) => r.action,
    );
    expect(actions).toContain('auth.denied');
    expect(actions).toContain('auth.forbidden');
  });
});

describe('the audit MAC', () => {
  it('equals node:crypto HMAC-SHA256 for any data and key', async () => {
    const { createHmac, randomBytes } = await import('node:crypto');
    const { hmacSha256Hex } = await import('../../../src/main/core/audit/chain');
    for (const len of [1, 16, 32, 64]) {
      const key = randomBytes(len);
      for (const data of ['', 'a', '☃ 雪人', 'x'.repeat(1000)]) {
        expect(hmacSha256Hex(key, data)).toBe(createHmac('sha256', key).update(data).digest('hex'));
        expect(hmacSha256Hex(key, data)).toBe(createHmac('sha256', key).update(data).digest('hex')); // cached state reused
      }
    }
  });
});
