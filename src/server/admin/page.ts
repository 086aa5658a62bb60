import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The built head office page (`npm run build:headoffice` → out/headoffice), served at
 * /admin/ by hand rather than with a static-files plugin: the build is a handful of
 * files, read once into memory, and a request is answered only from that list — a URL
 * is looked up, never joined onto a path, so nothing outside the build can be reached.
 * Not built yet: the files are looked for again on the next request, so building while
 * the service runs is enough.
 */
export const DEFAULT_PAGE_DIR = fileURLToPath(new URL('../../../out/headoffice/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** As the renderer's: nothing but this origin, no inline script, no framing. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface PageFile {
  body: Buffer;
  type: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

export function loadPage(dir: string): Map<string, PageFile> | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const files = new Map<string, PageFile>();
  for (const full of listFiles(dir)) {
    const type = TYPES[extname(full).toLowerCase()];
    if (!type) continue;
    files.set(relative(dir, full).split(sep).join('/'), { body: readFileSync(full), type });
  }
  return files;
}

export function registerAdminPage(app: FastifyInstance, dir: string | null) {
  if (dir === null) return;
  let files: Map<string, PageFile> | null = null;
  const send = (reply: FastifyReply, path: string) => {
    files ??= loadPage(dir);
    if (!files) {
      return reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send('The head office page is not built: run `npm run build:headoffice`, then reload.');
    }
    const file = files.get(path);
    if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    reply
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      // Vite names assets by content hash: they never change; the page itself may.
      .header('cache-control', path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    return reply.code(200).type(file.type).send(file.body);
  };
  app.get('/admin', (_req, reply) => reply.redirect('/admin/'));
  app.get('/admin/', (_req, reply) => send(reply, 'index.html'));
  app.get<{ Params: { '*': string } }>('/admin/*', (req, reply) => {
    const path = req.params['*'];
    // An API route that does not exist answers like one: in the envelope.
    if (path.startsWith('api/')) {
      return reply
        .code(404)
        .send({ ok: false, error: { code: 'NOT_FOUND', message: `No endpoint ${req.method} /admin/${path}` } });
    }
    return send(reply, path);
  });
}
