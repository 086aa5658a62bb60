/**
 * Chain mode in the status bar: a terminal enrolled with a real head office (the
 * service on a throwaway PostgreSQL cluster) says "Online"; with head office gone,
 * "Sync now" turns it to "Offline since HH:MM · n waiting" while the counter keeps
 * recording; head office back, "Sync now" pushes what waited and it is "Online" again.
 * Then the same in Chinese. A standalone terminal's bar shows none of it.
 */
import { test, expect, CASHIER, MANAGER, OWNER, goTo, screenshot, seedStaff, signInAs } from './fixtures';
import { newAdminToken } from '../../src/server/auth/secrets';
import { migrate } from '../../src/server/db/migrate';
import { createPool } from '../../src/server/db/pool';
import { silentLogger, startService, type RunningService } from '../../src/server/service';
import { createSyncClient } from '../../src/shared/sync';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';

let cluster: PgCluster;
test.beforeAll(async () => {
  cluster = await startPgCluster({ prefix: 'perkdesk-pg-e2e-' });
});
test.afterAll(() => cluster?.stop());

/** Head office goes away at once, keep-alive connections from the terminal too (as a crash would). */
async function stop(service: RunningService) {
  const closing = service.close();
  service.app.server.closeAllConnections();
  await closing;
}

const hhmm = (ms: number) =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' }).format(ms);

test('the status bar: Online, Offline since … · n waiting, Online again — in English and Chinese', async ({
  page,
  host,
}) => {
  test.skip(!host.testHost, 'Starts a head office beside the test host');
  const h = host.testHost!;
  const pgUrl = await cluster.createDatabase('ho_e2e');
  const migrating = createPool(pgUrl, { max: 1 });
  await migrate(migrating);
  await migrating.end();
  const adminToken = newAdminToken();
  const start = (port?: number) =>
    startService({ pgUrl, adminToken, port, log: silentLogger, tickEveryMs: 0, pruneEveryMs: 0 });
  let service: RunningService = await start();
  try {
    const admin = createSyncClient({ baseUrl: service.url, credential: adminToken }).call;
    const store = await admin('admin:createStore', { name: 'North' });
    if (!store.ok) throw new Error(store.error.message);
    const code = await admin('admin:issueEnrolmentCode', { storeId: store.value.id });
    if (!code.ok) throw new Error(code.error.message);

    await seedStaff(page, host, [
      { ...CASHIER, role: 'cashier' },
      { ...MANAGER, role: 'manager' },
    ]);
    const bar = page.getByRole('contentinfo', { name: 'Status' });
    // Standalone: nothing about head office.
    await signInAs(page, MANAGER);
    await expect(bar).toBeVisible();
    await expect(bar.getByRole('status', { name: 'Head office' })).toHaveCount(0);

    // The manager joins head office with the one-time code.
    await goTo(page, 'Head office');
    const form = page.getByRole('form', { name: 'Join a head office' });
    await form.getByLabel('Head office address').fill(service.url);
    await form.getByLabel('Enrolment code').fill(code.value.code);
    await form.getByLabel('Name of this terminal').fill('Till 1');
    await form.getByRole('button', { name: 'Join head office' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Joined head office' })).toHaveText(
      'Joined head office: store North.',
    );
    const details = page.getByRole('definition');
    await expect(details.first()).toHaveText('North');
    await screenshot(page, 'sync-01-head-office');
    const manager = await h.call('auth:signIn', { username: MANAGER.username, password: MANAGER.password });
    if (!manager.ok) throw new Error(manager.error.message);

    const sync = bar.getByRole('status', { name: 'Head office' });
    await expect(sync).toHaveText('Online');
    const button = await bar.getByRole('button', { name: 'Sync now' }).boundingBox();
    expect(Math.min(button!.width, button!.height)).toBeGreaterThanOrEqual(44); // touch-sized

    // Head office goes away; the counter goes on recording.
    const port = service.port;
    await stop(service);
    const member = await h.call('members:register', { name: 'Wang Fang', phone: '13812345678' }, manager.value.token);
    if (!member.ok) throw new Error(member.error.message);
    await h.call(
      'points:award',
      { opId: crypto.randomUUID(), memberId: member.value.id, receiptNo: 'E-1', totalMinor: 2_000 },
      manager.value.token,
    );
    const before = Date.now();
    await bar.getByRole('button', { name: 'Sync now' }).click();
    await expect(sync).toHaveText(/^Offline since \d\d:\d\d · 2 waiting$/);
    await screenshot(page, 'sync-03-offline');
    const shown = (await sync.textContent())!.slice('Offline since '.length, 'Offline since '.length + 5);
    expect([hhmm(before), hhmm(Date.now())]).toContain(shown);
    const status = await h.call('sync:status', {}, manager.value.token);
    expect(status).toMatchObject({ ok: true, value: { online: false, waiting: 2 } });

    // Head office is back on the same address: what waited is pushed.
    service = await start(port);
    await bar.getByRole('button', { name: 'Sync now' }).click();
    await expect(sync).toHaveText('Online');
    const recorded = await service.pool.query("SELECT kind FROM sync_ops WHERE kind <> 'audit.append' ORDER BY seq");
    expect(recorded.rows.map((r) => r.kind)).toEqual(['member.register', 'points.award']);

    // In Chinese.
    const owner = await h.call('auth:signIn', { username: OWNER.username, password: OWNER.password });
    if (!owner.ok) throw new Error(owner.error.message);
    expect((await h.call('settings:update', { locale: 'zh-CN' }, owner.value.token)).ok).toBe(true);
    await page.reload();
    await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
    await page.getByLabel('用户名').fill(CASHIER.username);
    await page.getByLabel('密码', { exact: true }).fill(CASHIER.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    const zhBar = page.getByRole('contentinfo', { name: '状态' });
    const zhSync = zhBar.getByRole('status', { name: '总部' });
    await expect(zhSync).toHaveText('在线');
    await screenshot(page, 'sync-02-online-zh-CN');
    await stop(service);
    await zhBar.getByRole('button', { name: '立即同步' }).click();
    await expect(zhSync).toHaveText(/^自 \d\d:\d\d 起离线$/);
    service = await start(port);
    await zhBar.getByRole('button', { name: '立即同步' }).click();
    await expect(zhSync).toHaveText('在线');
  } finally {
    await stop(service).catch(() => undefined);
  }
});
