import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * playwright.config.ts: the `electron` project exists only when PERKDESK_E2E_ELECTRON=1,
 * and then a missing binary stops the run at once with the way to get one. Checked by
 * asking Playwright itself to list the tests (nothing is launched).
 */
function listTests(env: Record<string, string | undefined>) {
  const clean = { ...process.env };
  for (const k of ['PERKDESK_E2E_ELECTRON', 'PERKDESK_ELECTRON', 'ELECTRON_OVERRIDE_DIST_PATH']) delete clean[k];
  return spawnSync(process.execPath, [join('node_modules', '@playwright', 'test', 'cli.js'), 'test', '--list'], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...clean, ...env },
  });
}

// Each listing loads every spec through Playwright's transform: ~5 s idle, over the default
// 30 s test timeout on a loaded 2-core machine. The spawn's own limit is the bound.
describe('the electron e2e project', { timeout: 130_000 }, () => {
  it('is not defined unless asked: npm test lists no skipped electron tests', () => {
    const r = listTests({});
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\[chromium\]/);
    expect(r.stdout).not.toMatch(/\[electron\]/);
  });

  it('asked without a binary: stops before any test, saying exactly how to run it', () => {
    const r = listTests({ PERKDESK_E2E_ELECTRON: '1', PERKDESK_ELECTRON: '/nonexistent/electron' });
    expect(r.status).not.toBe(0);
    const out = `${r.stdout}${r.stderr}`;
    expect(out).toContain('PERKDESK_ELECTRON=/nonexistent/electron does not exist');
    expect(out).toContain('npx install-electron');
    expect(out).toContain('PERKDESK_ELECTRON=/path/to/electron');
    expect(out).toContain('PERKDESK_E2E_ELECTRON=1 npm run test:e2e');
  });

  it('asked with a binary: every spec is listed for the electron project too', () => {
    // Listing launches nothing, so any existing file stands in for the binary.
    const r = listTests({ PERKDESK_E2E_ELECTRON: '1', PERKDESK_ELECTRON: process.execPath });
    expect(r.status, r.stderr).toBe(0);
    const count = (project: string) => r.stdout.split('\n').filter((l) => l.includes(`[${project}]`)).length;
    expect(count('electron')).toBeGreaterThan(0);
    expect(count('electron')).toBe(count('chromium'));
  });
});
