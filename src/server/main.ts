import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { newAdminToken } from './auth/secrets';
import { consoleLogger, startService } from './service';

/**
 * `npm run server -- --pg <postgres url> [--port N] [--host 127.0.0.1] [--retention-days 30]
 *  [--admin-token-file FILE] [--trust-proxy]`
 *
 * The admin token comes from PERKDESK_ADMIN_TOKEN or --admin-token-file; without one a
 * fresh token is generated and printed once (fine for trying it, not for production).
 * Listens on loopback by default: put a TLS-terminating reverse proxy in front (README).
 */
const USAGE =
  'usage: npm run server -- --pg postgres://user@host:5432/db [--port 8440] [--host 127.0.0.1] ' +
  '[--retention-days 30] [--admin-token-file FILE] [--trust-proxy]';

async function main() {
  const { values } = parseArgs({
    options: {
      pg: { type: 'string' },
      port: { type: 'string', default: '8440' },
      host: { type: 'string', default: '127.0.0.1' },
      'retention-days': { type: 'string', default: '30' },
      'admin-token-file': { type: 'string' },
      'trust-proxy': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.pg) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const port = Number(values.port);
  const retentionDays = Number(values['retention-days']);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !(retentionDays > 0)) {
    console.error(USAGE);
    process.exit(2);
  }
  let adminToken = process.env.PERKDESK_ADMIN_TOKEN?.trim() || null;
  if (values['admin-token-file']) adminToken = readFileSync(values['admin-token-file'], 'utf8').trim();
  if (!adminToken) {
    adminToken = newAdminToken();
    console.log(`[head-office] no admin token given; this run's admin token: ${adminToken}`);
  }
  const service = await startService({
    pgUrl: values.pg,
    port,
    host: values.host,
    adminToken,
    retentionMinutes: retentionDays * 24 * 60,
    trustProxy: values['trust-proxy'],
    log: consoleLogger,
  });
  console.log(
    `[head-office] listening on ${service.url} (schema migrated: ${service.migrated.length ? service.migrated.join(', ') : 'up to date'})`,
  );
  const stop = async () => {
    await service.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`[head-office] could not start: ${(err as Error).message}`);
  process.exit(1);
});
