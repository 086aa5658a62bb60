/**
 * Chain mode at the counter: the member's balance is the chain's — "1,240 pts (head
 * office, 10:41) + 157 here" — with a real head office (the service on a throwaway
 * PostgreSQL cluster) beside the test host. A spend is decided by head office while it
 * answers; with head office gone, what was recorded here shows as "+ n here".
 */
import { test, expect, MANAGER, OWNER, seedStaff } from './fixtures';
import { openMemberUi, signInUi } from './counter-helpers';
import { newAdminToken } from '../../src/server/auth/secrets';
import { migrate } from '../../src/server/db/migrate';
import { createPool } from '../../src/server/db/pool';
import { silentLogger, startService, type RunningService } from '../../src/server/service';
import { createSyncClient } from '../../src/shared/sync';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';

let cluster: PgCluster;
test.beforeAll(async () => {
  cluster = await startPgCluster({ prefix: 'perkdesk-pg-e2e-chain-' });
});
test.afterAll(() => cluster?.stop());

async function stop(service: RunningService) {
  const closing = service.close();
  service.app.server.closeAllConnections();
  await closing;
}

test('the counter shows the chain balance: head office’s, then + what waits here', async ({ page, host }) => {
  test.skip(!host.testHost, 'Starts a head office beside the test host');
  const h = host.testHost!;
  const pgUrl = await cluster.createDatabase('ho_e2e_chain');
  const migrating = createPool(pgUrl, { max: 1 });
  await migrate(migrating);
  await migrating.end();
  const adminToken = newAdminToken();
  const service: RunningService = await startService({
    pgUrl,
    adminToken,
    log: silentLogger,
    tickEveryMs: 0,
    pruneEveryMs: 0,
  });
  try {
    const admin = createSyncClient({ baseUrl: service.url, credential: adminToken }).call;
    const store = await admin('admin:createStore', { name: 'North' });
    if (!store.ok) throw new Error(store.error.message);
    const code = await admin('admin:issueEnrolmentCode', { storeId: store.value.id });
    if (!code.ok) throw new Error(code.error.message);
    await seedStaff(page, host, [{ ...MANAGER, role: 'manager' }]);
    const owner = await h.call('auth:signIn', { username: OWNER.username, password: OWNER.password });
    if (!owner.ok) throw new Error(owner.error.message);
    const as = owner.value.token;
    const enrolled = await h.call('sync:enrol', { serverUrl: service.url, code: code.value.code, name: 'Till 1' }, as);
    expect(enrolled.ok).toBe(true);
    const member = await h.call('members:register', { name: 'Wang Fang', phone: '13812345678' }, as);
    if (!member.ok) throw new Error(member.error.message);
    await h.call(
      'points:award',
      { opId: crypto.randomUUID(), memberId: member.value.id, receiptNo: 'E-1', totalMinor: 124_000 },
      as,
    );
    expect(await h.call('sync:now', {}, as)).toMatchObject({ ok: true, value: { ok: true } });

    await signInUi(page, 'en', MANAGER);
    await openMemberUi(page, 'en', 'Wang', 'Wang Fang');
    const summary = page.getByRole('group', { name: 'Points' });
    await expect(summary.getByText(/^1,240 pts \(head office, \d\d:\d\d\)$/)).toBeVisible();

    // Head office goes away; an award waits here and is counted on top.
    await stop(service);
    await h.call(
      'points:award',
      { opId: crypto.randomUUID(), memberId: member.value.id, receiptNo: 'E-2', totalMinor: 15_700 },
      as,
    );
    await h.call('sync:now', {}, as);
    await page.reload();
    await signInUi(page, 'en', MANAGER);
    await openMemberUi(page, 'en', 'Wang', 'Wang Fang');
    await expect(summary.getByText(/^1,240 pts \(head office, \d\d:\d\d\) \+ 157 pts here$/)).toBeVisible();
    await expect(summary.getByLabel('Balance 1,397 pts')).toBeVisible();

    // In Chinese.
    expect((await h.call('settings:update', { locale: 'zh-CN' }, as)).ok).toBe(true);
    await signInUi(page, 'zh-CN', MANAGER);
    await openMemberUi(page, 'zh-CN', 'Wang', 'Wang Fang');
    await expect(page.getByText(/^1,240 积分（总部，\d\d:\d\d）\+ 本机 157 积分$/)).toBeVisible();
  } finally {
    await stop(service).catch(() => undefined);
  }
});
