import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  createAppRequestHandler,
  mimeTypeFor,
  resolveAppRequestPath,
} from '../../src/main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security';
import { chromiumCanonicalUrl, protocolRequest } from './fixtures/electron45.mjs';

const ROOT = resolve('/srv/perkdesk/out/renderer');

describe('the URLs protocol.handle receives (Chromium canonicalises app://, a standard scheme)', () => {
  it.each([
    // Cases from Chromium's own url_canon path tests, then ours.
    ['app://perkdesk/foo/bar/../ton/../../a', 'app://perkdesk/a'],
    ['app://perkdesk/foo/%2e', 'app://perkdesk/foo/'],
    ['app://perkdesk/foo/%2e./%2e%2e/.%2e/%2e.bar', 'app://perkdesk/..bar'],
    ['app://perkdesk/foo%41%7a', 'app://perkdesk/foo%41%7a'],
    ['app://perkdesk/a/../index.html', 'app://perkdesk/index.html'],
    ['APP://PerkDesk/index.html', 'app://perkdesk/index.html'],
    ['app://perkdesk/%2e%2e/%2e%2e/etc/passwd', 'app://perkdesk/etc/passwd'],
    ['app://perkdesk/..\\..\\windows\\win.ini', 'app://perkdesk/windows/win.ini'],
    ['app://perkdesk/..%2f..%2fetc%2fpasswd', 'app://perkdesk/..%2f..%2fetc%2fpasswd'],
    ['app://perkdesk/assets%5c..%5cwin.ini', 'app://perkdesk/assets%5c..%5cwin.ini'],
    ['app://perkdesk/%252e%252e/x', 'app://perkdesk/%252e%252e/x'],
    ['app://perkdesk/index.html\u0000.png', 'app://perkdesk/index.html%00.png'],
    ['app://perkdesk/中文 a.js', 'app://perkdesk/%E4%B8%AD%E6%96%87%20a.js'],
    ['app://perkdesk', 'app://perkdesk/'],
  ])('%s arrives as %s', (asked, arrives) => {
    expect(chromiumCanonicalUrl(asked)).toBe(arrives);
    expect(protocolRequest(asked).url).toBe(arrives);
  });
});

describe('resolveAppRequestPath', () => {
  it.each([
    ['app://perkdesk/', 'index.html'],
    ['app://perkdesk', 'index.html'],
    ['app://perkdesk/index.html', 'index.html'],
    ['app://perkdesk/index.html?x=1#/members', 'index.html'],
    ['app://perkdesk/assets/index-C0ffee.js', 'assets/index-C0ffee.js'],
    ['app://perkdesk/assets/%E4%B8%AD%E6%96%87.woff2', 'assets/中文.woff2'],
    ['app://perkdesk/assets/a%20b.png', 'assets/a b.png'],
    ['app://perkdesk//assets//x.js', 'assets/x.js'],
  ])('%s → <root>/%s', (url, rel) => {
    expect(resolveAppRequestPath(ROOT, url)).toBe(join(ROOT, rel));
  });

  it.each([
    // Climbing out, plainly and encoded (single, double, mixed case, overlong UTF-8).
    'app://perkdesk/../../etc/passwd',
    'app://perkdesk/assets/../index.html',
    'app://perkdesk/./index.html',
    'app://perkdesk/assets/%2e%2e/index.html',
    'app://perkdesk/%2e%2e/%2e%2e/etc/passwd',
    'app://perkdesk/%2E%2E/secret',
    'app://perkdesk/..%2f..%2fetc%2fpasswd',
    'app://perkdesk/assets/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://perkdesk/%252e%252e/%252e%252e/etc/passwd',
    'app://perkdesk/.%2e/x',
    'app://perkdesk/%c0%ae%c0%ae/etc/passwd',
    // Backslashes (a separator on Windows), raw and encoded.
    'app://perkdesk/..\\..\\windows\\win.ini',
    'app://perkdesk/assets%5c..%5c..%5cwin.ini',
    'app://perkdesk/assets%5C..%5Cwin.ini',
    // Absolute paths and drive letters smuggled in.
    'app://perkdesk/%2fetc%2fpasswd',
    'app://perkdesk/C:/Windows/win.ini',
    'app://perkdesk/C%3a%5cWindows%5cwin.ini',
    'app://perkdesk/%2f%2f%3f%2fC:%2fx',
    'app://perkdesk/index.html:secret',
    // NUL bytes and control characters.
    'app://perkdesk/index.html%00.png',
    'app://perkdesk/index.html\u0000.png',
    'app://perkdesk/a%0Ab.js',
    // Malformed escapes.
    'app://perkdesk/%E0%A4%A',
    'app://perkdesk/%',
    // Other hosts, schemes, credentials.
    'app://evil/index.html',
    'app://perkdesk.evil/index.html',
    'app://user:pw@perkdesk/index.html',
    'file:///etc/passwd',
    'http://perkdesk/index.html',
    'not a url',
    // Absurd lengths.
    `app://perkdesk/${'a/'.repeat(2000)}x.js`,
  ])('refuses %s', (url) => {
    const result = resolveAppRequestPath(ROOT, url);
    // Whatever else happens, the answer is never a path outside the root.
    if (result !== null) expect(result.startsWith(ROOT)).toBe(true);
    expect(result).toBeNull();
  });

  it('is right for every canonical URL: folded climbs stay inside the root, encoded separators are refused', () => {
    // Chromium has already resolved these: what is left is a path inside the root.
    expect(resolveAppRequestPath(ROOT, chromiumCanonicalUrl('app://perkdesk/assets/../index.html'))).toBe(
      join(ROOT, 'index.html'),
    );
    expect(resolveAppRequestPath(ROOT, chromiumCanonicalUrl('app://perkdesk/%2e%2e/%2e%2e/etc/passwd'))).toBe(
      join(ROOT, 'etc/passwd'),
    );
    expect(resolveAppRequestPath(ROOT, chromiumCanonicalUrl('app://PERKDESK/assets/x.js'))).toBe(
      join(ROOT, 'assets/x.js'),
    );
    // These survive canonicalisation still encoded and would climb once decoded.
    for (const url of [
      'app://perkdesk/..%2f..%2fetc%2fpasswd',
      'app://perkdesk/assets%5c..%5c..%5cwin.ini',
      'app://perkdesk/%252e%252e/%252e%252e/etc/passwd',
      'app://perkdesk/%c0%ae%c0%ae/etc/passwd',
      'app://perkdesk/index.html\u0000.png',
      'app://perkdesk/C%3a%5cWindows%5cwin.ini',
      'app://perkdesk:8080/index.html',
    ]) {
      expect(resolveAppRequestPath(ROOT, chromiumCanonicalUrl(url))).toBeNull();
    }
  });

  it('host names are case-insensitive even when handed over uncanonicalised', () => {
    expect(resolveAppRequestPath(ROOT, 'app://PerkDesk/index.html')).toBe(join(ROOT, 'index.html'));
  });

  it('refuses dot segments on the raw text even though the URL parser would fold them', () => {
    // new URL() turns these into harmless in-root paths; the guard refuses them anyway.
    expect(new URL('app://perkdesk/%2e%2e/%2e%2e/etc/passwd').pathname).toBe('/etc/passwd');
    expect(resolveAppRequestPath(ROOT, 'app://perkdesk/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
  });

  it('a dot inside a file name is fine', () => {
    expect(resolveAppRequestPath(ROOT, 'app://perkdesk/assets/..hidden.js')).toBe(join(ROOT, 'assets/..hidden.js'));
    expect(resolveAppRequestPath(ROOT, 'app://perkdesk/a.b.c/index.d.ts')).toBe(join(ROOT, 'a.b.c/index.d.ts'));
  });
});

describe('createAppRequestHandler', () => {
  let base: string;
  let root: string;
  let handle: (request: Request) => Promise<Response>;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'perkdesk-proto-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>PerkDesk</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
    symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'leak.txt'));
    handle = createAppRequestHandler({ rootDir: root });
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('serves index.html for the root with the CSP and nosniff headers', async () => {
    const res = await handle(protocolRequest('app://perkdesk/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>PerkDesk</title>');
  });

  it('serves assets with their MIME type', async () => {
    const res = await handle(protocolRequest('app://perkdesk/assets/app.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('answers HEAD without a body', async () => {
    const res = await handle(protocolRequest('app://perkdesk/index.html', { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it.each([
    'app://perkdesk/missing.js',
    'app://perkdesk/assets',
    'app://perkdesk/..%2fsecret.txt',
    'app://perkdesk/%2e%2e/secret.txt',
    'app://perkdesk/assets/leak.txt',
    'app://evil/index.html',
  ])('404 with the CSP for %s, never the secret', async (url) => {
    const res = await handle(protocolRequest(url));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).not.toContain('TOP SECRET');
  });

  it('serves what Chromium resolved a dotted or upper-case URL to (it is one of our files)', async () => {
    for (const url of [
      'app://perkdesk/assets/../index.html',
      'APP://PERKDESK/index.html',
      'app://perkdesk/x/%2e%2e/',
    ]) {
      const res = await handle(protocolRequest(url));
      expect(res.status, url).toBe(200);
      expect(await res.text()).toContain('<title>PerkDesk</title>');
    }
  });

  it('refuses writes', async () => {
    const res = await handle(protocolRequest('app://perkdesk/index.html', { method: 'POST', body: 'x' }));
    expect(res.status).toBe(405);
  });
});

describe('scheme registration and MIME types', () => {
  it('registers app:// as standard and secure, without bypassing CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('corsEnabled');
  });

  it('maps known extensions and falls back to octet-stream', () => {
    expect(mimeTypeFor('a/b.CSS')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('a/b.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('a/b.exe')).toBe('application/octet-stream');
    expect(mimeTypeFor('Makefile')).toBe('application/octet-stream');
  });
});
