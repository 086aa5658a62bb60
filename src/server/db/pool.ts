import pg from 'pg';

/**
 * The service's connection pool. int8 (bigint) columns — points, balances, epoch-ms
 * times, sequence numbers — come back as JS numbers, refusing any value past 2^53 rather
 * than rounding it; xid8 and snapshots stay text.
 */
const INT8_OID = 20;

function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} is outside the safe integer range`);
  return n;
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format as 'text')) as never,
};

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function createPool(connectionString: string, opts: { max?: number; applicationName?: string } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 20,
    application_name: opts.applicationName ?? 'perkdesk-head-office',
    types,
  });
  // An idle client losing its connection (server restart) must not crash the service.
  pool.on('error', () => {});
  return pool;
}
