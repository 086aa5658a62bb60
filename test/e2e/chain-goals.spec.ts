/**
 * Stamp cards across the chain (issue 12): a stamp collected in North's counter and one in
 * South's fill one card — South's purchase reaches the goal and issues the reward there,
 * and North's counter then shows the card emptied and the reward held. North in English,
 * South in Chinese; what was recorded read back from head office. Real head office, real
 * terminals, Chromium at 1024×768.
 */
import { test, expect, MANAGER } from './fixtures';
import { COMMON, openMemberUi, signInUi } from './counter-helpers';
import { must, northAndSouth, startHeadOffice, type Terminal } from './chain-helpers';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';
import type { Page } from '@playwright/test';

let cluster: PgCluster;
test.beforeAll(async () => {
  cluster = await startPgCluster({ prefix: 'perkdesk-pg-e2e-goals-' });
});
test.afterAll(() => cluster?.stop());

const COFFEE = {
  key: 'coffee',
  name: 'Coffee card',
  measure: 'visits' as const,
  target: 2,
  reward: { name: 'Free coffee', kind: 'freeItem' as const, sku: 'COFFEE' },
};
const WANG = { name: 'Wang Fang', phone: '13812345678' };

/** One purchase at the counter: amount, receipt, Enter. */
async function buy(page: Page, lang: 'en' | 'zh-CN', amount: string, receipt: string) {
  const ui = COMMON[lang];
  const award = page.getByRole('region', { name: ui.actions }).getByRole('tabpanel').first();
  await award.getByLabel(ui.amount).fill(amount);
  await award.getByLabel(ui.receipt).fill(receipt);
  await award.getByLabel(ui.receipt).press('Enter');
  return award.getByRole('status', { name: ui.awardResult });
}

test('a stamp at North and one at South fill one card: the reward is issued at South and held at North', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const ho = await startHeadOffice(cluster, 'ho_e2e_goals');
  const terminals: Terminal[] = [];
  try {
    const { north, south } = await northAndSouth(browser, ho, terminals, { goals: [COFFEE] });
    const wang = await north.asOwner('members:register', WANG);

    // ---- North (English): the first stamp.
    await signInUi(north.page, 'en', MANAGER);
    await openMemberUi(north.page, 'en', WANG.phone, WANG.name);
    await expect(await buy(north.page, 'en', '6', 'N-1')).toContainText('Coffee card: +1 stamp → 1 of 2');
    await north.asOwner('sync:now', {});

    // ---- South (Chinese): the card shows North's stamp; South's purchase reaches the goal.
    await south.asOwner('settings:update', { locale: 'zh-CN' });
    await south.asOwner('sync:now', {});
    await signInUi(south.page, 'zh-CN', MANAGER);
    await openMemberUi(south.page, 'zh-CN', WANG.phone, WANG.name);
    const southCard = south.page.getByRole('region', { name: '目标与奖励' });
    await expect(southCard.getByLabel('Coffee card 进度')).toContainText('1/2');
    const issued = await buy(south.page, 'zh-CN', '6', 'S-1');
    await expect(issued).toContainText('已发放 1 张奖励：Free coffee');
    await expect(southCard.getByLabel('Coffee card 进度')).toContainText('0/2');
    await expect(southCard.getByRole('button', { name: '使用 Free coffee' })).toBeVisible();
    await south.asOwner('sync:now', {});

    // ---- North after its sync: the card emptied, the reward held here too.
    await north.asOwner('sync:now', {});
    await signInUi(north.page, 'en', MANAGER);
    await openMemberUi(north.page, 'en', WANG.phone, WANG.name);
    const northCard = north.page.getByRole('region', { name: 'Goals and rewards' });
    await expect(northCard.getByLabel('Coffee card progress')).toContainText('0 of 2');
    await expect(northCard.getByRole('button', { name: 'Use Free coffee' })).toBeVisible();

    // ---- Head office: two stamps, one reward, the card at 0.
    const journal = await ho.service.pool.query(
      'SELECT kind, amount::int AS amount FROM goal_journal WHERE member_id = $1 ORDER BY seq',
      [wang.id],
    );
    expect(journal.rows).toEqual([
      { kind: 'progress', amount: 1 },
      { kind: 'progress', amount: 1 },
      { kind: 'issue', amount: -2 },
    ]);
    expect(
      (await ho.service.pool.query('SELECT count(*)::int AS n FROM vouchers WHERE member_id = $1', [wang.id])).rows[0]
        .n,
    ).toBe(1);
    expect(await must(ho.admin('admin:checkJournal', {}))).toMatchObject({ ok: true });
  } finally {
    for (const t of terminals) await t.close().catch(() => undefined);
    await ho.close().catch(() => undefined);
  }
});
