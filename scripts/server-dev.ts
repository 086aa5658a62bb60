import { randomUUID } from 'node:crypto';
import { newAdminToken } from '../src/server/auth/secrets';
import { createSyncClient } from '../src/shared/sync';
import { consoleLogger, startService } from '../src/server/service';
import { startPgCluster } from '../test/server/pg-cluster';

/**
 * `npm run server:dev`: a throwaway PostgreSQL cluster (removed on exit) plus the head
 * office service on it, with one store and an enrolment code printed — for trying the
 * protocol by hand. Nothing survives Ctrl+C.
 */
async function main() {
  const port = Number(process.argv.includes('--port') ? process.argv[process.argv.indexOf('--port') + 1] : 8440);
  const cluster = await startPgCluster({ prefix: 'perkdesk-dev-pg-' });
  try {
    const pgUrl = await cluster.createDatabase('perkdesk');
    const adminToken = newAdminToken();
    const service = await startService({ pgUrl, port, adminToken, log: consoleLogger });
    const admin = createSyncClient({ baseUrl: service.url, credential: adminToken }).call;
    const store = await admin('admin:createStore', { name: 'Demo store' });
    if (!store.ok) throw new Error(store.error.message);
    const code = await admin('admin:issueEnrolmentCode', { storeId: store.value.id, ttlMinutes: 24 * 60 });
    if (!code.ok) throw new Error(code.error.message);
    console.log(`
head office:      ${service.url}   (PostgreSQL ${pgUrl}, throwaway)
head office page: ${service.url}/admin/   (paste the admin token below)
admin token:      ${adminToken}
demo store:       ${store.value.id}
enrolment code:   ${code.value.code}   (valid 24 h, single use)

try:  curl -s ${service.url}/v1/enrol/join -H 'content-type: application/json' \\
        -d '{"code":"${code.value.code}","terminalId":"${randomUUID()}","name":"Till 1"}'
Ctrl+C stops the service and removes the cluster.`);
    const stop = async () => {
      await service.close();
      cluster.stop();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (err) {
    cluster.stop();
    throw err;
  }
}

main().catch((err) => {
  console.error(`[server:dev] ${(err as Error).message}`);
  process.exit(1);
});
