/**
 * Chain-wide tiers at the counter (issue 12): a member's tier is measured by what they
 * spent at every store. Another store's terminal (a protocol client here) pushes a ¥1,200
 * purchase to a real head office; the test host pulls it, and its counter shows Gold with
 * where the tier came from — "Gold ×1.5 (chain spend ¥1,200.00)" — in English and Chinese.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Locator } from '@playwright/test';
import { test, expect, goTo, MANAGER, OWNER, seedStaff } from './fixtures';
import { openMemberUi, signInUi } from './counter-helpers';
import { newAdminToken } from '../../src/server/auth/secrets';
import { migrate } from '../../src/server/db/migrate';
import { createPool } from '../../src/server/db/pool';
import { silentLogger, startService, type RunningService } from '../../src/server/service';
import { createSyncClient } from '../../src/shared/sync';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';

let cluster: PgCluster;
test.beforeAll(async () => {
  cluster = await startPgCluster({ prefix: 'perkdesk-pg-e2e-tiers-' });
});
test.afterAll(() => cluster?.stop());

async function stop(service: RunningService) {
  const closing = service.close();
  service.app.server.closeAllConnections();
  await closing;
}

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

test('the counter’s tier comes from the chain’s spend, and says so', async ({ page, host }) => {
  test.skip(!host.testHost, 'Starts a head office beside the test host');
  const h = host.testHost!;
  const pgUrl = await cluster.createDatabase('ho_e2e_tiers');
  const migrating = createPool(pgUrl, { max: 1 });
  await migrate(migrating);
  await migrating.end();
  const adminToken = newAdminToken();
  const service = await startService({ pgUrl, adminToken, log: silentLogger, tickEveryMs: 0, pruneEveryMs: 0 });
  try {
    const client = createSyncClient({ baseUrl: service.url });
    const admin = client.withCredential(adminToken);
    const north = must(await admin('admin:createStore', { name: 'North' }));
    const south = must(await admin('admin:createStore', { name: 'South' }));
    await seedStaff(page, host, [{ ...MANAGER, role: 'manager' }]);
    const as = must(await h.call('auth:signIn', { username: OWNER.username, password: OWNER.password })).token;
    const rules = {
      ...DEFAULT_RULES,
      tiers: [
        { name: 'Silver', thresholdMinor: 0, multiplierPercent: 100 },
        { name: 'Gold', thresholdMinor: 100_000, multiplierPercent: 150 },
      ],
    };
    must(await h.call('points:saveRules', { rules }, as));
    const code = must(await admin('admin:issueEnrolmentCode', { storeId: north.id }));
    must(await h.call('sync:enrol', { serverUrl: service.url, code: code.code, name: 'North 1' }, as));
    const member = must(await h.call('members:register', { name: 'Wang Fang', phone: '13812345678' }, as));
    must(await h.call('sync:now', {}, as));

    // South's terminal records ¥1,200 for her and pushes it.
    const southCode = must(await admin('admin:issueEnrolmentCode', { storeId: south.id }));
    const southTill = must(await client.call('enrol:join', { code: southCode.code, terminalId: uuidv7(), name: 'S1' }));
    const southCall = client.withCredential(southTill.credential);
    const pushed = must(
      await southCall('sync:push', {
        ops: [
          {
            seq: 1,
            opId: crypto.randomUUID(),
            at: Date.now(),
            staff: null,
            kind: 'points.award',
            payload: {
              member: { memberId: member.id },
              purchaseId: uuidv7(),
              receiptNo: 'S-1',
              totalMinor: 120_000,
              paidMinor: 120_000,
              pointsUsed: 0,
              headOfficeRuleVersion: null,
              tierName: 'Silver',
              lines: [{ sku: null, category: null, amountMinor: 120_000 }],
              entries: [{ entryId: uuidv7(), kind: 'earn', points: 1_200 }],
            },
          },
        ],
      }),
    );
    expect(pushed.outcomes[0].status).toBe('applied');
    must(await h.call('sync:now', {}, as));

    await signInUi(page, 'en', MANAGER);
    await openMemberUi(page, 'en', 'Wang', 'Wang Fang');
    const summary = page.getByRole('group', { name: 'Points' });
    await expect(summary.getByLabel('Tier Gold')).toBeVisible();
    await expect(summary.getByText('(chain spend ¥1,200.00)')).toBeVisible();
    // Reports → Members by tier counts her where the counter does: Gold, by the chain's spend
    // (this terminal alone holds no purchase of hers).
    const members = (row: Locator) => row.getByRole('cell').nth(1);
    await goTo(page, 'Reports');
    const tiers = page.getByRole('table', { name: 'Members by tier' });
    await expect(members(tiers.getByRole('row', { name: /^Gold/ }))).toHaveText('1');
    await expect(members(tiers.getByRole('row', { name: /^Silver/ }))).toHaveText('0');

    expect((await h.call('settings:update', { locale: 'zh-CN' }, as)).ok).toBe(true);
    await signInUi(page, 'zh-CN', MANAGER);
    await openMemberUi(page, 'zh-CN', 'Wang', 'Wang Fang');
    await expect(page.getByLabel('等级 Gold')).toBeVisible();
    await expect(page.getByText('（连锁消费 ¥1,200.00）')).toBeVisible();
    await page.getByRole('button', { name: '报表', exact: true }).click();
    const zhTiers = page.getByRole('table', { name: '各等级会员数' });
    await expect(members(zhTiers.getByRole('row', { name: /^Gold/ }))).toHaveText('1');
    await expect(members(zhTiers.getByRole('row', { name: /^Silver/ }))).toHaveText('0');
  } finally {
    await stop(service).catch(() => undefined);
  }
});
