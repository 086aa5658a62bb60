/**
 * Issue 9 item 6: with a member open at 1024×768, balance, amount, receipt and the Award
 * button are on screen without scrolling, the action tabs sit on one row, nothing scrolls
 * sideways and the status bar is one line; the redeem confirm step is on screen too. In
 * English and Chinese (Chinese labels are wider in places, narrower in others).
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, OWNER, seedStaff, screenshot } from './fixtures';
import { COMMON, LANGS, openMemberUi, signInUi, storeAs } from './counter-helpers';

const UI = {
  en: {
    status: 'Status',
    award: 'Award points (Enter)',
    balance: /^Balance /,
    confirm: 'Confirm the redemption',
    redeemTab: /Redeem/,
  },
  'zh-CN': { status: '状态', award: '发放积分（回车）', balance: /^余额 /, confirm: '确认兑换', redeemTab: /兑换/ },
} as const;

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

/** Inside the viewport, above the status bar. */
async function expectOnScreen(page: Page, l: Locator, statusTop: number) {
  await expect(l).toBeVisible();
  const b = await box(l);
  expect(b.y, 'top on screen').toBeGreaterThanOrEqual(0);
  expect(b.y + b.height, 'above the status bar').toBeLessThanOrEqual(statusTop + 1);
  expect(b.x + b.width, 'inside the width').toBeLessThanOrEqual(page.viewportSize()!.width);
}

for (const lang of LANGS) {
  const ui = { ...COMMON[lang], ...UI[lang] };

  test(`one screen at 1024×768 (${lang}): balance, amount, receipt, Award, one row of tabs, no sideways scroll`, async ({
    page,
    host,
  }) => {
    test.skip(host.target !== 'host', 'Arranges through the test host');
    await seedStaff(page, host, []);
    const store = await storeAs(host);
    if (lang !== 'en') await store('settings:update', { locale: lang });
    const lin = await store('members:register', { name: 'Lin Mei', phone: '139 8765 4321' });
    await store('points:award', { opId: crypto.randomUUID(), memberId: lin.id, receiptNo: 'R-1', totalMinor: 500_00 });
    for (const [name, cost] of [
      ['Free coffee', 100],
      ['Tote bag', 300],
      ['Mug', 400],
    ] as const) {
      await store('rewards:create', { name, kind: 'goods', costPoints: cost, stock: 5 });
    }
    await signInUi(page, lang, OWNER); // the owner sees all five tabs (Manage too)
    await openMemberUi(page, lang, 'Lin Mei', 'Lin Mei');

    const statusBar = page.getByRole('contentinfo', { name: ui.status });
    const status = await box(statusBar);
    const actions = page.getByRole('region', { name: ui.actions });
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(actions.getByLabel(ui.balance)).toBeVisible();
    for (const l of [
      actions.getByLabel(ui.balance),
      actions.getByLabel(ui.amount),
      actions.getByLabel(ui.receipt, { exact: true }),
      actions.getByRole('button', { name: ui.award }),
    ]) {
      await expectOnScreen(page, l, status.y);
    }
    // Nothing scrolled to get there: the main area is at its top.
    expect(await page.locator('main').evaluate((m) => m.scrollTop)).toBe(0);

    // The tabs on one row.
    const tabs = actions.getByRole('tab');
    const tops = await Promise.all((await tabs.all()).map(async (t) => Math.round((await box(t)).y)));
    expect(tops).toHaveLength(5);
    expect(new Set(tops).size, `tab tops ${tops.join(',')}`).toBe(1);

    // No sideways scroll; the status bar one line (its controls are 44 px touch targets).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    expect(status.height).toBeLessThanOrEqual(64);
    await screenshot(page, `counter-one-screen-${lang}`);

    // The redeem confirm step (and what it says) is on screen too.
    await page.keyboard.press('Alt+r');
    await expect(actions.getByRole('tab', { name: ui.redeemTab })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    const confirm = actions.getByRole('group', { name: ui.confirm });
    await expectOnScreen(page, confirm, status.y);
    await expect(confirm.getByRole('button').first()).toBeFocused();
    await screenshot(page, `counter-one-screen-redeem-${lang}`);
  });
}
