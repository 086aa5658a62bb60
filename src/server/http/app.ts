import Fastify, { type FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { syncEndpoints, type EndpointName } from '../../shared/sync';
import { authenticate } from '../auth/terminals';
import type { Caller, ServiceContext } from '../context';
import { registerAdminApi } from '../admin/routes';
import { DEFAULT_PAGE_DIR, registerAdminPage } from '../admin/page';
import { forbidden } from '../errors';
import { handlers } from '../handlers';
import { failure, validationError } from './envelope';

/** Largest request body: 500 ops of a few KB, or a few hundred audit records. */
export const BODY_LIMIT_BYTES = 8 * 1024 * 1024;

export interface AppOptions {
  ctx: ServiceContext;
  /** SHA-256 of the admin token; null disables the admin endpoints. */
  adminTokenHash: Buffer | null;
  /** The built head office page (out/headoffice); null serves no page. Default: the repo's out/headoffice. */
  pageDir?: string | null;
  /** Behind a TLS-terminating reverse proxy on this host: trust its X-Forwarded-* headers. */
  trustProxy?: boolean;
}

/**
 * The HTTP edge. One route per endpoint of the protocol, each doing what the terminal's
 * dispatcher does, in the same order: who is calling (credential → terminal and store,
 * or admin), may they call this, is the input valid (zod, strict), then the handler.
 * Every answer is the dispatcher's envelope; the HTTP status mirrors the error code for
 * proxies and logs, but clients read the body.
 *
 * Beside the protocol: the head office page's read-only JSON routes (`/admin/api/…`) and
 * the built page itself (`/admin/`).
 */
export function buildApp(opts: AppOptions): FastifyInstance {
  const { ctx } = opts;
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: opts.trustProxy ?? false,
    // A client that stalls mid-request must not hold a connection for ever.
    requestTimeout: 60_000,
  });

  const fail = (err: unknown) => failure(ctx, err);

  for (const name of Object.keys(syncEndpoints) as EndpointName[]) {
    const def = syncEndpoints[name];
    const handler = handlers[name] as (c: ServiceContext, caller: Caller | null, input: unknown) => Promise<unknown>;
    app.post(def.path, async (req, reply) => {
      try {
        let caller: Caller | null = null;
        if (def.auth !== 'none') {
          caller = await authenticate(ctx, req.headers.authorization, opts.adminTokenHash);
          if (def.auth === 'terminal' && caller.kind !== 'terminal')
            throw forbidden('Only an enrolled terminal may call this');
          if (def.auth === 'admin' && caller.kind !== 'admin') throw forbidden('Only head office may call this');
        }
        const parsed = (def.input as z.ZodType).safeParse(req.body);
        if (!parsed.success) throw validationError(parsed.error);
        const value = await handler(ctx, caller, parsed.data);
        return reply.code(200).send({ ok: true, value });
      } catch (err) {
        const { status, body } = fail(err);
        return reply.code(status).send(body);
      }
    });
  }

  registerAdminApi(app, { ctx, adminTokenHash: opts.adminTokenHash });
  registerAdminPage(app, opts.pageDir === undefined ? DEFAULT_PAGE_DIR : opts.pageDir);

  app.get('/v1/health', async () => ({ ok: true, value: { status: 'ok', serverTime: ctx.now() } }));

  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ ok: false, error: { code: 'NOT_FOUND', message: `No endpoint ${req.method} ${req.url}` } }),
  );
  // Fastify's own refusals (bad JSON, too large, wrong content type) in the same envelope.
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(400).send({ ok: false, error: { code: 'VALIDATION', message: err.message } });
    }
    const { body } = fail(err);
    return reply.code(500).send(body);
  });
  return app;
}
