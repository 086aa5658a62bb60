import type { Pool, PoolClient } from './pool';

/**
 * Runs `work` in one transaction. Deadlocks and serialization failures (two pushes
 * touching the same balances in different orders) are retried with a short random pause:
 * `work` must therefore do nothing outside the database that it cannot repeat.
 */
const RETRYABLE = new Set(['40001', '40P01']);

export async function withTx<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  opts: { isolation?: 'READ COMMITTED' | 'REPEATABLE READ'; readOnly?: boolean; attempts?: number } = {},
): Promise<T> {
  const attempts = opts.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query(
        `BEGIN ISOLATION LEVEL ${opts.isolation ?? 'READ COMMITTED'}${opts.readOnly ? ' READ ONLY' : ''}`,
      );
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      const code = (err as { code?: string }).code;
      if (attempt < attempts && code !== undefined && RETRYABLE.has(code)) {
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
        continue;
      }
      throw err;
    } finally {
      client.release();
    }
  }
}
