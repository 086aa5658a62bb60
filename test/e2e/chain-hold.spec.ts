/**
 * A hold spent offline (issue 12): with the store taking holds (chainHoldPoints), opening
 * a member while head office answers reserves points there for this terminal; with head
 * office gone the member redeems a reward the offline allowance alone (0 here) would
 * refuse, and a second one beyond what is left of the hold "needs a connection"; the hold's
 * last points then pay part of a bill, offline, beyond the allowance too. A real
 * head office (the service on a throwaway PostgreSQL cluster) beside the test host.
 */
import { test, expect, MANAGER, OWNER, seedStaff } from './fixtures';
import { openMemberUi, signInUi } from './counter-helpers';
import { must, startHeadOffice } from './chain-helpers';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';

let cluster: PgCluster;
test.beforeAll(async () => {
  cluster = await startPgCluster({ prefix: 'perkdesk-pg-e2e-hold-' });
});
test.afterAll(() => cluster?.stop());

test('a hold taken when the member is opened is spent offline, beyond the allowance', async ({ page, host }) => {
  test.skip(!host.testHost, 'Starts a head office beside the test host');
  const h = host.testHost!;
  const ho = await startHeadOffice(cluster, 'ho_e2e_hold');
  try {
    const store = await ho.createStore('North', 1);
    await must(
      ho.admin('admin:saveReward', { storeId: null, reward: { name: 'Gift box', kind: 'goods', costPoints: 300 } }),
    );
    await seedStaff(page, host, [{ ...MANAGER, role: 'manager' }]);
    const owner = await h.call('auth:signIn', { username: OWNER.username, password: OWNER.password });
    if (!owner.ok) throw new Error(owner.error.message);
    const as = owner.value.token;
    expect((await h.call('settings:update', { chainHoldPoints: 400, chainOfflineAllowancePoints: 0 }, as)).ok).toBe(
      true,
    );
    const { current } = await must(h.call('points:getRules', {}, as));
    await must(h.call('points:saveRules', { rules: { ...current.rules, payWithPointsAllowed: true } }, as));
    const enrolled = await h.call(
      'sync:enrol',
      { serverUrl: ho.service.url, code: store.codes[0]!, name: 'Till 1' },
      as,
    );
    expect(enrolled.ok).toBe(true);
    const member = await h.call('members:register', { name: 'Wang Fang', phone: '13812345678' }, as);
    if (!member.ok) throw new Error(member.error.message);
    await h.call(
      'points:award',
      { opId: crypto.randomUUID(), memberId: member.value.id, receiptNo: 'E-1', totalMinor: 124_000 },
      as,
    );
    expect(await h.call('sync:now', {}, as)).toMatchObject({ ok: true, value: { ok: true } });

    // Opening the member while online takes the hold, in the background.
    await signInUi(page, 'en', MANAGER);
    await openMemberUi(page, 'en', 'Wang', 'Wang Fang');
    const held = async () =>
      (await ho.service.pool.query('SELECT held::int AS held FROM balances WHERE member_id = $1', [member.value.id]))
        .rows[0]?.held as number | undefined;
    await expect.poll(held, { timeout: 10_000 }).toBe(400);

    // Head office goes away: 300 of the hold's 400 can still be redeemed here.
    await ho.close();
    const counter = page.getByRole('region', { name: 'Points actions' });
    await page.keyboard.press('Alt+r');
    const redeem = counter.getByRole('tabpanel', { name: /Redeem/ });
    await redeem.getByRole('button', { name: 'Redeem Gift box' }).click();
    await redeem.getByRole('button', { name: 'Yes, redeem Gift box' }).click();
    const redeemed = redeem.getByRole('status', { name: 'Redemption result' });
    await expect(redeemed.locator('.result-big')).toHaveText('-300 pts', { timeout: 20_000 });
    await expect(redeemed).toContainText('Redeemed Gift box. Balance now 940 pts.');

    // A second one: the hold has 100 left and the allowance is 0.
    await redeem.getByRole('button', { name: 'Redeem Gift box' }).click();
    await redeem.getByRole('button', { name: 'Yes, redeem Gift box' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'may spend only 100 more points' })).toBeVisible({
      timeout: 20_000,
    });

    // Those 100 pay part of a bill (the allowance is 0): from the hold, offline.
    await page.keyboard.press('Alt+a');
    const award = counter.getByRole('tabpanel', { name: /Award/ });
    await expect(award.getByLabel('Amount spent')).toBeFocused();
    await page.keyboard.type('50.00');
    await award.getByLabel('Receipt number').fill('E-2');
    await award.getByLabel('Pay with points (optional)').fill('100');
    await award.getByLabel('Pay with points (optional)').press('Enter');
    const paid = award.getByRole('status', { name: 'Award result' });
    await expect(paid).toContainText('100 pts paid', { timeout: 20_000 });
    await expect(paid.getByText('Collect ¥49.00', { exact: true })).toBeVisible();
    const pushedWith = h.core.db
      .prepare(
        "SELECT json_extract(payload, '$.holdId') FROM sync_outbox WHERE kind = 'points.award' ORDER BY seq DESC",
      )
      .pluck()
      .get();
    expect(pushedWith).toEqual(expect.any(String));
  } finally {
    await ho.close().catch(() => undefined);
  }
});
