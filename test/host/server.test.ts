import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from './server';

/** A stand-in for out/renderer, so this test does not need a build. */
function fakeRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'perkdesk-fake-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="script-src 'self'" />` +
      `<script type="module" src="./assets/app.js"></script></head><body></body></html>`,
  );
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function host(): Promise<TestHost> {
  const rendererDir = fakeRenderer();
  const h = await startTestHost({ rendererDir });
  cleanup.push(
    () => rmSync(rendererDir, { recursive: true, force: true }),
    () => h.close(),
  );
  return h;
}

interface RpcAnswer {
  ok: boolean;
  value?: Record<string, unknown>;
  error?: { code: string };
}
const rpc = (h: TestHost, body: unknown): Promise<RpcAnswer> =>
  fetch(new URL('/rpc', h.url), { method: 'POST', body: JSON.stringify(body) }).then(
    (r) => r.json() as Promise<RpcAnswer>,
  );

describe('test host', () => {
  it('serves index.html with the bridge script after the CSP, unmodified otherwise', async () => {
    const h = await host();
    const html = await (await fetch(h.url)).text();
    expect(html).toContain(`content="script-src 'self'"`);
    expect(html.indexOf('<script src="/__bridge.js"></script>')).toBeGreaterThan(
      html.indexOf('Content-Security-Policy'),
    );
    expect(html).not.toMatch(/<script>[^<]/); // no inline script
    const bridge = await fetch(new URL('/__bridge.js', h.url));
    expect(bridge.headers.get('content-type')).toContain('javascript');
    expect(await bridge.text()).toContain("host: 'test-host'");
  });

  it('puts the core dispatcher behind POST /rpc', async () => {
    const h = await host();
    expect(await rpc(h, { channel: 'auth:status', input: {} })).toMatchObject({
      ok: true,
      value: { needsSetup: true },
    });
    expect(await rpc(h, { channel: 'staff:list', input: {} })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await rpc(h, { channel: 'no:such', input: {} })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const bad = await fetch(new URL('/rpc', h.url), { method: 'POST', body: '{not json' });
    expect(bad.status).toBe(400);
  });

  it('refuses paths outside the renderer folder', async () => {
    const h = await host();
    expect((await fetch(new URL('/assets/app.js', h.url))).status).toBe(200);
    for (const p of [
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2f..%2fetc%2fpasswd',
      '/%00',
    ]) {
      expect((await fetch(h.url.replace(/\/$/, '') + p)).status, p).toBe(404);
    }
  });

  it('moves the core clock and resets to a fresh database', async () => {
    const h = await host();
    const before = h.now();
    const res = await fetch(new URL('/__test/advance-clock', h.url), {
      method: 'POST',
      body: JSON.stringify({ ms: 60_000 }),
    });
    expect(res.status).toBe(200);
    expect(h.now() - before).toBeGreaterThanOrEqual(60_000);
    await h.call('auth:setupOwner', { username: 'owner', displayName: 'O', password: 'correct horse battery' });
    expect((await rpc(h, { channel: 'auth:status', input: {} })).value?.needsSetup).toBe(false);
    await fetch(new URL('/__test/reset', h.url), { method: 'POST' });
    expect((await rpc(h, { channel: 'auth:status', input: {} })).value?.needsSetup).toBe(true);
  });
});
