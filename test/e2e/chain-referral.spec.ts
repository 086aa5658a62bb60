/**
 * Issue 12: a referral crosses stores. Head office's rules pay 200 points to the referrer
 * and 100 to the new member at the new member's first qualifying purchase. North registers
 * the new member at its counter with the referrer's card (English); South pulls the
 * referral and, at her first purchase there (Chinese counter), pays both bonuses. North
 * pulls head office's bonus claims and pays nothing again at her next purchase there.
 */
import type { Page } from '@playwright/test';
import { test, expect, CASHIER, screenshot } from './fixtures';
import { COMMON, openMemberUi, signInUi, type Lang } from './counter-helpers';
import { must, openTerminal, startHeadOffice, type HeadOffice, type Terminal } from './chain-helpers';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';

let cluster: PgCluster;
test.beforeAll(async () => {
  cluster = await startPgCluster({ prefix: 'perkdesk-pg-e2e-referral-' });
});
test.afterAll(() => cluster?.stop());

const UI = {
  en: { award: /Award/, history: /History/, table: 'Points history' },
  'zh-CN': { award: /积分/, history: /记录/, table: '积分记录' },
} as const;

/** Awards `amount` to the open member at the counter; returns the award panel's result text. */
async function awardUi(page: Page, lang: Lang, amount: string, receipt: string) {
  const ui = { ...COMMON[lang], ...UI[lang] };
  const counter = page.getByRole('region', { name: ui.actions });
  const award = counter.getByRole('tabpanel', { name: ui.award });
  await award.getByLabel(ui.amount).fill(amount);
  await award.getByLabel(ui.receipt).fill(receipt);
  await award.getByLabel(ui.receipt).press('Enter');
  return award.getByRole('status', { name: ui.awardResult }).locator('.result-big');
}

async function historyUi(page: Page, lang: Lang) {
  const ui = { ...COMMON[lang], ...UI[lang] };
  const counter = page.getByRole('region', { name: ui.actions });
  await counter.getByRole('tab', { name: ui.history }).click();
  return counter.getByRole('table', { name: ui.table });
}

test('a member referred at one store pays the referral bonuses at a first purchase at another, once', async ({
  browser,
  target,
}) => {
  test.skip(target !== 'host', 'Runs two test hosts beside a head office');
  test.setTimeout(240_000);
  const terminals: Terminal[] = [];
  let ho: HeadOffice | null = null;
  try {
    ho = await startHeadOffice(cluster, 'ho_e2e_referral');
    await must(
      ho.admin('admin:saveRules', {
        storeId: null,
        effectiveFrom: Date.now() - 60_000,
        rules: { ...DEFAULT_RULES, referralBonus: { referrerPoints: 200, referredPoints: 100 } },
      }),
    );
    const north = await ho.createStore('North', 1);
    const south = await ho.createStore('South', 1);
    const [a, b] = await Promise.all([
      openTerminal(browser, { name: 'North 1', serverUrl: ho.service.url, code: north.codes[0] }),
      openTerminal(browser, { name: 'South 1', serverUrl: ho.service.url, code: south.codes[0] }),
    ]);
    terminals.push(a, b);
    await a.asOwner('sync:now', {});
    await b.asOwner('settings:update', { locale: 'zh-CN' });
    await b.asOwner('sync:now', {});
    const referrer = await a.asOwner('members:register', { name: 'Ma Li', phone: '139 1234 0003' });

    // ---- North registers the new member at the counter, referred by Ma Li's card.
    await signInUi(a.page, 'en', CASHIER);
    await a.page.getByLabel('Find a member').fill('Gao Yu');
    await a.page.getByRole('button', { name: 'Register a new member' }).click();
    const form = a.page.getByRole('form', { name: 'Register a member' });
    await form.getByLabel('Phone').fill('139 1234 0004');
    await form.getByLabel('Referred by (card number, optional)').fill(referrer.cardNumber);
    await form.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(a.page.getByRole('heading', { level: 1, name: 'Gao Yu' })).toBeVisible();
    await expect.poll(async () => (await a.asOwner('sync:now', {})).ok).toBe(true);

    // ---- South pulls, and her first purchase there pays both bonuses (Chinese counter).
    await expect.poll(async () => (await b.asOwner('sync:now', {})).ok).toBe(true);
    await signInUi(b.page, 'zh-CN', CASHIER);
    await openMemberUi(b.page, 'zh-CN', 'Gao', 'Gao Yu');
    await expect(await awardUi(b.page, 'zh-CN', '20.00', 'S-1')).toHaveText('+20 积分');
    await expect(await historyUi(b.page, 'zh-CN')).toContainText('推荐奖励（首次消费）+100 积分');
    await screenshot(b.page, 'chain-referral-paid-at-other-store-zh-CN');
    const gao = (await b.asOwner('members:search', { query: 'Gao Yu' })).results[0];
    const paid = await b.asOwner('points:history', { memberId: referrer.id });
    expect(paid.map((e) => e.points)).toEqual([200]);
    await expect.poll(async () => (await b.asOwner('sync:now', {})).ok).toBe(true);
    expect(await b.asOwner('sync:status', {})).toMatchObject({ online: true, waiting: 0 });

    // ---- North pulls head office's claims: her next purchase there pays no bonus again.
    await expect.poll(async () => (await a.asOwner('sync:now', {})).ok).toBe(true);
    await expect(await awardUi(a.page, 'en', '20.00', 'N-1')).toHaveText('+20 pts');
    const history = await historyUi(a.page, 'en');
    await expect(history).toContainText('+20 pts');
    await expect(history).not.toContainText('Referral bonus');
    expect((await a.asOwner('points:history', { memberId: gao.id })).map((e) => e.points)).toEqual([20]);
    await a.asOwner('sync:now', {});
    // One balance for both members at head office: 20 + 100 + 20 and 200.
    for (const [id, points] of [
      [gao.id, 140],
      [referrer.id, 200],
    ] as const) {
      await expect.poll(async () => (await a.asOwner('sync:balance', { memberId: id })).headOffice).toBe(points);
    }
  } finally {
    for (const t of terminals) await t.close().catch(() => undefined);
    await ho?.close().catch(() => undefined);
  }
});
