/**
 * The head office page (issue 12) in real Chromium: the service on a throwaway PostgreSQL
 * cluster, two enrolled terminals — the test host's real core (it reports its outbox on
 * pull) and a second one speaking the protocol directly, with ops still waiting — and
 * the built page at /admin/, driven by role and accessible name in English and Chinese.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { v7 as uuidv7 } from 'uuid';
import { test, expect, OWNER, screenshot } from './fixtures';
import { ensureHeadOfficePage, must } from './chain-helpers';
import { newAdminToken } from '../../src/server/auth/secrets';
import { silentLogger, startService, type RunningService } from '../../src/server/service';
import { chainCardNumber, createSyncClient, type PushOp } from '../../src/shared/sync';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';

let cluster: PgCluster;
test.beforeAll(async () => {
  await ensureHeadOfficePage();
  cluster = await startPgCluster({ prefix: 'perkdesk-pg-e2e-ho-page-' });
});
test.afterAll(() => cluster?.stop());

/** The second terminal's ops, built as a terminal writes them (see test/server/helpers.ts). */
function southOps(now: number): { ops: PushOp[]; card: string } {
  const memberId = uuidv7();
  const card = chainCardNumber(7, '29');
  const base = { opId: randomUUID(), at: now - 90_000, staff: null };
  return {
    card,
    ops: [
      {
        ...base,
        seq: 1,
        kind: 'member.register',
        payload: {
          memberId,
          cardNumber: card,
          name: 'Li Lei',
          phone: '+8613900001111',
          email: null,
          birthday: null,
          marketingConsent: false,
          active: true,
        },
      },
      {
        ...base,
        opId: randomUUID(),
        seq: 2,
        kind: 'points.award',
        payload: {
          member: { memberId },
          purchaseId: uuidv7(),
          receiptNo: 'S-1',
          totalMinor: 30_000,
          paidMinor: 30_000,
          pointsUsed: 0,
          headOfficeRuleVersion: null,
          tierName: null,
          lines: [{ sku: null, category: null, amountMinor: 30_000 }],
          entries: [{ entryId: uuidv7(), kind: 'earn', points: 300 }],
        },
      },
    ],
  };
}

async function stop(service: RunningService) {
  const closing = service.close();
  service.app.server.closeAllConnections();
  await closing;
}

const row = (page: Page, table: string, name: string | RegExp) =>
  page.getByRole('table', { name: table, exact: true }).getByRole('row').filter({ hasText: name });

test('the head office page: stores, terminals, a member found with its balance, liability — English and Chinese', async ({
  page,
  host,
}) => {
  test.skip(!host.testHost, 'Starts a head office beside the test host');
  const h = host.testHost!;
  const adminToken = newAdminToken();
  const service = await startService({
    pgUrl: await cluster.createDatabase('ho_e2e_page'),
    adminToken,
    log: silentLogger,
    tickEveryMs: 0,
    pruneEveryMs: 0,
  });
  try {
    const admin = createSyncClient({ baseUrl: service.url, credential: adminToken }).call;
    const north = await must(admin('admin:createStore', { name: 'North' }));
    const south = await must(admin('admin:createStore', { name: 'South' }));

    // Till 1: the test host's real terminal core, enrolled in North, one member, 1,240 points.
    await must(h.call('auth:setupOwner', OWNER));
    const { token: as } = await must(h.call('auth:signIn', { username: OWNER.username, password: OWNER.password }));
    const code1 = await must(admin('admin:issueEnrolmentCode', { storeId: north.id }));
    await must(h.call('sync:enrol', { serverUrl: service.url, code: code1.code, name: 'North till' }, as));
    const wang = await must(h.call('members:register', { name: 'Wang Fang', phone: '13812345678' }, as));
    await must(
      h.call('points:award', { opId: randomUUID(), memberId: wang.id, receiptNo: 'E-1', totalMinor: 124_000 }, as),
    );
    expect(await h.call('sync:now', {}, as)).toMatchObject({ ok: true, value: { ok: true } });

    // Till 2 in South, speaking the protocol itself: pushed two ops, says two more wait since 90 s.
    const code2 = await must(admin('admin:issueEnrolmentCode', { storeId: south.id }));
    const till2 = await must(
      createSyncClient({ baseUrl: service.url }).call('enrol:join', {
        code: code2.code,
        terminalId: uuidv7(),
        name: 'South till',
      }),
    );
    const call2 = createSyncClient({ baseUrl: service.url, credential: till2.credential }).call;
    const now = Date.now();
    const { ops } = southOps(now);
    await must(call2('sync:push', { ops, outbox: { depth: 4, oldestAt: now - 90_000 } }));
    const boot = await must(call2('sync:bootstrap', {}));
    await must(call2('sync:pull', { cursor: boot.cursor, outbox: { depth: 2, oldestAt: now - 90_000 } }));

    // The page asks for the admin token once.
    await page.goto(`${service.url}/admin/`);
    await page.getByLabel('Admin token').fill(adminToken);
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'PerkDesk head office' })).toBeVisible();

    await expect(row(page, 'Stores', 'North')).toContainText('1');
    await expect(row(page, 'Stores', 'South').getByRole('cell')).toHaveText(['1', '1', 'Enrolment code']);
    const northTill = row(page, 'Terminals', 'North till');
    await expect(northTill).toContainText('Online');
    await expect(northTill).toContainText('Up to date');
    const southTill = row(page, 'Terminals', 'South till');
    await expect(southTill).toContainText('Online');
    await expect(southTill.getByRole('cell').nth(4)).toHaveText('2');
    await expect(southTill.getByRole('cell').nth(5)).toHaveText(/^9\d s$/);

    const liability = page.getByRole('region', { name: 'Points liability' });
    await expect(liability.getByRole('definition').first()).toHaveText('1,540');
    await expect(row(page, 'Outstanding points by home store', 'North')).toContainText('1,240');
    // The worst case of offline spending: no terminal is offline now. The test host's
    // terminal said its store's allowance (the default 500) with its pull.
    await expect(liability.getByRole('note', { name: 'Offline exposure' })).toHaveText(
      'No terminal is offline: every spend is decided here.',
    );
    const said = await service.pool.query(
      "SELECT offline_allowance_points AS a FROM terminals WHERE name = 'North till'",
    );
    expect(said.rows[0].a).toBe(500);

    const search = page.getByRole('region', { name: 'Member search' });
    await search.getByRole('searchbox', { name: 'Card, phone or name' }).fill('13812345678');
    await search.getByRole('button', { name: 'Search' }).click();
    const found = row(page, 'Members found', 'Wang Fang');
    await expect(found).toContainText('North');
    await expect(found.getByRole('cell').nth(3)).toHaveText('1,240');
    await expect(row(page, 'Points per store per day', 'North')).toContainText('1,240');
    await expect(row(page, 'Points per store per day', 'South')).toContainText('300');
    await expect(
      page.getByRole('table', { name: 'Top members by points earned' }).getByRole('row').nth(1),
    ).toContainText(wang.cardNumber);
    // The chain's expiry forecast (these rules never expire points).
    await expect(page.getByText('No points expire in the next 8 weeks.')).toBeVisible();
    await screenshot(page, 'head-office-page');

    // A reload keeps the token for this tab; in Chinese.
    await page.reload();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(page.getByRole('heading', { level: 1, name: 'PerkDesk 总部' })).toBeVisible();
    await expect(row(page, '门店', 'South')).toBeVisible();
    await expect(row(page, '终端', 'North till')).toContainText('在线');
    await expect(page.getByRole('region', { name: '积分负债' }).getByRole('definition').first()).toHaveText('1,540');
    await expect(page.getByRole('note', { name: '离线风险' })).toHaveText('没有离线的终端：每笔使用都由总部决定。');
    const zhSearch = page.getByRole('region', { name: '会员查询' });
    await zhSearch.getByRole('searchbox', { name: '卡号、电话或姓名' }).fill('Li Lei');
    await zhSearch.getByRole('button', { name: '查询' }).click();
    await expect(row(page, '查到的会员', 'Li Lei').getByRole('cell').nth(3)).toHaveText('300');
    await expect(page.getByText('未来 8 周没有积分到期。')).toBeVisible();
    await screenshot(page, 'head-office-page-zh');

    // A wrong token is refused and asked again.
    await page.getByRole('button', { name: '忘记令牌' }).click();
    await page.getByLabel('管理员令牌').fill(`pda1.${'x'.repeat(43)}`);
    await page.getByRole('button', { name: '打开' }).click();
    await expect(page.getByRole('alert')).toHaveText('总部不接受此管理员令牌。');
  } finally {
    await stop(service).catch(() => undefined);
  }
});
