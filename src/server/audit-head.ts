import type { AuditHeadDto } from '../shared/sync';
import type { ServiceContext } from './context';
import { notFound } from './errors';

/** The last audit record head office holds for a terminal, every break it recorded and every restore it accepted. */
export async function auditHead(ctx: ServiceContext, input: { terminalId: string }): Promise<AuditHeadDto> {
  const t = await ctx.pool.query('SELECT 1 FROM terminals WHERE id = $1', [input.terminalId]);
  if (t.rowCount === 0) throw notFound('Terminal', { terminalId: input.terminalId });
  const head = await ctx.pool.query(
    'SELECT seq, hash FROM audit_records WHERE terminal_id = $1 ORDER BY seq DESC LIMIT 1',
    [input.terminalId],
  );
  const breaks = await ctx.pool.query('SELECT seq, reason FROM audit_breaks WHERE terminal_id = $1 ORDER BY id', [
    input.terminalId,
  ]);
  const forks = await ctx.pool.query(
    'SELECT from_seq, rewound_through, received_at FROM audit_forks WHERE terminal_id = $1 ORDER BY id',
    [input.terminalId],
  );
  return {
    terminalId: input.terminalId,
    seq: head.rows[0]?.seq ?? 0,
    hash: head.rows[0]?.hash ?? '0'.repeat(64),
    broken: breaks.rows.map((b) => ({ seq: b.seq, reason: b.reason })),
    forks: forks.rows.map((f) => ({
      fromSeq: Number(f.from_seq),
      rewoundThrough: Number(f.rewound_through),
      at: Number(f.received_at),
    })),
  };
}
