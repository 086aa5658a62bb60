import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { adminRoutes, type AdminOutputs, type AdminRouteName } from '../../shared/headoffice/admin-api';
import { authenticate } from '../auth/terminals';
import type { ServiceContext } from '../context';
import { forbidden } from '../errors';
import { failure, validationError } from '../http/envelope';
import { listAdminActions } from './actions';
import { searchMembers } from './member-search';
import { overview } from './overview';
import { reports } from './reports';

type AdminHandlers = { [N in AdminRouteName]: (ctx: ServiceContext, query: never) => Promise<AdminOutputs[N]> };

const adminHandlers: AdminHandlers = {
  overview: (ctx) => overview(ctx),
  members: (ctx, q: { q: string; page?: number }) => searchMembers(ctx, q),
  reports: (ctx, q: Parameters<typeof reports>[1]) => reports(ctx, q),
  actions: (ctx, q: { before?: number }) => listAdminActions(ctx, q),
};

/**
 * The head office page's JSON routes (src/shared/headoffice/admin-api.ts), in the same
 * order as the protocol's edge: the admin token, then the query (zod, strict), then the
 * handler. Answers are never cached: they carry member names and phones.
 */
export function registerAdminApi(app: FastifyInstance, opts: { ctx: ServiceContext; adminTokenHash: Buffer | null }) {
  const { ctx } = opts;
  for (const name of Object.keys(adminRoutes) as AdminRouteName[]) {
    const def = adminRoutes[name];
    const handler = adminHandlers[name] as (c: ServiceContext, q: unknown) => Promise<unknown>;
    app.get(def.path, async (req, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        const caller = await authenticate(ctx, req.headers.authorization, opts.adminTokenHash);
        if (caller.kind !== 'admin') throw forbidden('Only head office may call this');
        const parsed = (def.query as z.ZodType).safeParse(req.query ?? {});
        if (!parsed.success) throw validationError(parsed.error);
        return reply.code(200).send({ ok: true, value: await handler(ctx, parsed.data) });
      } catch (err) {
        const { status, body } = failure(ctx, err);
        return reply.code(status).send(body);
      }
    });
  }
}
