/**
 * "Redemptions by reward" on the head office page (issue 12), in real Chromium: the test
 * host's terminal enrolled at a real head office (the service on a throwaway PostgreSQL
 * cluster); a cashier redeems a reward at the counter (head office decides it online),
 * two more are redeemed and one of them voided while head office is away; after the
 * terminal syncs, the page lists each reward with its redemptions, voids and points — in
 * English and Chinese — and head office's database holds which reward each entry was.
 */
import { test, expect, MANAGER, OWNER, seedStaff, screenshot } from './fixtures';
import { openMemberUi, signInUi } from './counter-helpers';
import { ensureHeadOfficePage, must, startHeadOffice, startLink } from './chain-helpers';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';

let cluster: PgCluster;
test.beforeAll(async () => {
  await ensureHeadOfficePage();
  cluster = await startPgCluster({ prefix: 'perkdesk-pg-e2e-ho-redemptions-' });
});
test.afterAll(() => cluster?.stop());

test('the head office page lists redemptions by reward, online and offline ones, voids counted apart', async ({
  page,
  host,
}) => {
  test.skip(!host.testHost, 'Starts a head office beside the test host');
  const h = host.testHost!;
  const ho = await startHeadOffice(cluster, 'ho_e2e_redemptions');
  // The store's line to head office: cut while head office and its page stay up.
  const link = await startLink(Number(new URL(ho.service.url).port));
  try {
    const store = await ho.createStore('North', 1);
    const reward = async (name: string, costPoints: number) =>
      (await must(ho.admin('admin:saveReward', { storeId: null, reward: { name, kind: 'goods', costPoints } }))).id;
    await reward('Mug 马克杯', 100);
    const coffee = await reward('Coffee, large', 50);
    await seedStaff(page, host, [{ ...MANAGER, role: 'manager' }]);
    const owner = await must(h.call('auth:signIn', { username: OWNER.username, password: OWNER.password }));
    const as = owner.token;
    await must(h.call('sync:enrol', { serverUrl: link.url, code: store.codes[0]!, name: 'Till 1' }, as));
    const member = await must(h.call('members:register', { name: 'Wang Fang', phone: '13812345678' }, as));
    await must(
      h.call(
        'points:award',
        { opId: crypto.randomUUID(), memberId: member.id, receiptNo: 'E-1', totalMinor: 124_000 },
        as,
      ),
    );
    expect(await h.call('sync:now', {}, as)).toMatchObject({ ok: true, value: { ok: true } });

    // At the counter, online: head office decides the redemption.
    await signInUi(page, 'en', MANAGER);
    await openMemberUi(page, 'en', 'Wang', 'Wang Fang');
    await page.keyboard.press('Alt+r');
    const redeem = page.getByRole('region', { name: 'Points actions' }).getByRole('tabpanel', { name: /Redeem/ });
    await redeem.getByRole('button', { name: 'Redeem Mug 马克杯' }).click();
    await redeem.getByRole('button', { name: 'Yes, redeem Mug 马克杯' }).click();
    await expect(redeem.getByRole('status', { name: 'Redemption result' })).toContainText(
      'Redeemed Mug 马克杯. Balance now 1,140 pts.',
      { timeout: 20_000 },
    );

    // Head office away: two coffees within the offline allowance, one voided.
    link.cut();
    const first = await must(
      h.call('rewards:redeem', { opId: crypto.randomUUID(), memberId: member.id, rewardId: coffee }, as),
    );
    await must(h.call('rewards:redeem', { opId: crypto.randomUUID(), memberId: member.id, rewardId: coffee }, as));
    await must(h.call('rewards:void', { opId: crypto.randomUUID(), redemptionId: first.id, reason: 'Wrong size' }, as));
    link.restore();
    const recorded = async () => {
      await h.call('sync:now', {}, as);
      return (
        await ho.service.pool.query('SELECT kind, reward_name FROM redemption_entries ORDER BY kind, reward_name')
      ).rows;
    };
    await expect.poll(recorded, { timeout: 20_000 }).toHaveLength(4);

    await page.goto(`${ho.service.url}/admin/`);
    await page.getByLabel('Admin token').fill(ho.adminToken);
    await page.getByRole('button', { name: 'Open' }).click();
    const table = page.getByRole('table', { name: 'Redemptions by reward' });
    await expect(table.getByRole('columnheader')).toHaveText(['Reward', 'Redeemed', 'Voided', 'Points']);
    await expect(table.getByRole('rowheader')).toHaveText(['Mug 马克杯', 'Coffee, large']);
    await expect(table.getByRole('row', { name: /Mug/ }).getByRole('cell')).toHaveText(['1', '0', '100']);
    await expect(table.getByRole('row', { name: /Coffee/ }).getByRole('cell')).toHaveText(['1', '1', '50']);
    await table.scrollIntoViewIfNeeded();
    await screenshot(page, 'head-office-redemptions');

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    const zh = page.getByRole('table', { name: '各奖励兑换情况' });
    await expect(zh.getByRole('columnheader')).toHaveText(['奖励', '兑换', '作废', '积分']);
    await expect(zh.getByRole('row', { name: /Coffee/ }).getByRole('cell')).toHaveText(['1', '1', '50']);

    // What head office recorded: the reward of each redemption entry and of the void.
    expect(await recorded()).toEqual([
      { kind: 'redeem', reward_name: 'Coffee, large' },
      { kind: 'redeem', reward_name: 'Coffee, large' },
      { kind: 'redeem', reward_name: 'Mug 马克杯' },
      { kind: 'redeem_void', reward_name: 'Coffee, large' },
    ]);
  } finally {
    await link.close().catch(() => undefined);
    await ho.close().catch(() => undefined);
  }
});
