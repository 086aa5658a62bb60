import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, startService, type RunningService } from '../../src/server/service';
import { usePgCluster } from './helpers';

const pg = usePgCluster();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function serve(pageDir: string): Promise<RunningService> {
  const service = await startService({
    pgUrl: await pg.migratedDatabase(),
    adminToken: null,
    log: silentLogger,
    tickEveryMs: 0,
    pruneEveryMs: 0,
    pageDir,
  });
  cleanup.push(() => service.close());
  return service;
}

describe('the built head office page at /admin/', () => {
  it('not built: says how to build it; built later: served without a restart, from its own files only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perkdesk-ho-page-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const service = await serve(dir);
    const missing = await fetch(`${service.url}/admin/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/npm run build:headoffice/);

    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'notes.txt'), 'not a page file');
    const page = await fetch(`${service.url}/admin/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const js = await fetch(`${service.url}/admin/assets/index-abc.js`);
    expect([js.status, js.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
    expect((await fetch(`${service.url}/admin/notes.txt`)).status).toBe(404);
    expect((await fetch(`${service.url}/admin/assets/../index.html`)).status).toBe(200); // normalised by the URL
    expect((await fetch(`${service.url}/admin/assets%2f..%2f..%2fpackage.json`)).status).toBe(404);
    // No admin token configured: the page loads, its data routes refuse.
    expect((await fetch(`${service.url}/admin/api/overview`)).status).toBe(401);
  });
});
