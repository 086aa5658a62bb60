/**
 * Issue 9 item 12: refunds at the counter, keyboard first. One line of a recent receipt
 * is refunded with real key presses, counted (≤ 8); Enter in a quantity moves on to the
 * next line and then to "Refund these items"; a receipt of another member names that
 * member, keeps its quantities read-only and offers to open them — their Refund tab then
 * has the receipt open. In English and Chinese; points and balances are read back from
 * the test host's store.
 */
import type { Page } from '@playwright/test';
import { test, expect, CASHIER, screenshot, seedStaff } from './fixtures';
import { COMMON, LANGS, openMemberUi, signInUi, storeAs } from './counter-helpers';

const UI = {
  en: {
    refundTab: /Refund/,
    receipt: 'Receipt number to refund',
    qty: (n: number) => `Quantity to return, line ${n}`,
    refundLines: 'Refund these items',
    refundAll: 'Refund everything left',
    result: 'Refund result',
    balance: (p: number) => `Balance ${p} pts`,
    other: (name: string, card: string) =>
      `This receipt belongs to ${name} (card ${card}), not to this member. Open ${name} to refund it.`,
    openOwner: (name: string) => `Open ${name} with this receipt`,
    pts: (p: number) => `-${p} pts`,
  },
  'zh-CN': {
    refundTab: /退货/,
    receipt: '要退货的小票号',
    qty: (n: number) => `退货数量，第 ${n} 行`,
    refundLines: '退回这些商品',
    refundAll: '退回全部剩余商品',
    result: '退货结果',
    balance: (p: number) => `余额 ${p} 积分`,
    other: (name: string, card: string) =>
      `这张小票属于 ${name}（卡号 ${card}），不是当前会员的。请打开 ${name} 后再退货。`,
    openOwner: (name: string) => `打开 ${name} 并带上这张小票`,
    pts: (p: number) => `-${p} 积分`,
  },
} as const;

const LIN = { name: 'Lin Mei', phone: '139 8765 4321' };
const ZHOU = { name: 'Zhou Jie', phone: '137 1111 2222' };

/** Presses keys one at a time, as a cashier does, and counts them. */
function keyCounter(page: Page) {
  const pressed: string[] = [];
  return {
    pressed,
    press: async (key: string) => {
      pressed.push(key);
      await page.keyboard.press(key);
    },
  };
}

for (const lang of LANGS) {
  const ui = { ...COMMON[lang], ...UI[lang] };

  test(`refunds (${lang}): one line of a recent receipt in ≤ 8 keys, Enter moves on, another member's receipt opens them`, async ({
    page,
    host,
  }) => {
    test.skip(!host.testHost, 'Arranges purchases and reads balances through the test host');
    await seedStaff(page, host);
    const store = await storeAs(host);
    if (lang !== 'en') await store('settings:update', { locale: lang });
    const lin = await store('members:register', LIN);
    const zhou = await store('members:register', ZHOU);
    await store('points:award', {
      opId: crypto.randomUUID(),
      memberId: lin.id,
      receiptNo: 'R-100',
      lines: [
        { sku: 'BEANS', quantity: 2, unitPriceMinor: 50_00 },
        { sku: 'MUG', quantity: 1, unitPriceMinor: 200_00 },
      ],
    });
    await store('points:award', {
      opId: crypto.randomUUID(),
      memberId: zhou.id,
      receiptNo: 'Z-7',
      lines: [{ sku: 'TEA', quantity: 1, unitPriceMinor: 80_00 }],
    });
    const balance = async (memberId: string) => (await store('points:memberSummary', { memberId })).balance;
    expect(await balance(lin.id)).toBe(300);

    await signInUi(page, lang, CASHIER);
    await openMemberUi(page, lang, LIN.phone, LIN.name);
    const counter = page.getByRole('region', { name: ui.actions });
    const refund = counter.getByRole('tabpanel', { name: ui.refundTab });

    // ---- One BEANS back from the recent receipt R-100, keys counted: Alt+F, ↓, Enter
    // (opens it, the cursor in line 1), 1, Enter (→ line 2), Enter (→ Refund these
    // items), Enter (refunds).
    const keys = keyCounter(page);
    await keys.press('Alt+f');
    await expect(refund.getByLabel(ui.receipt)).toBeFocused();
    await keys.press('ArrowDown');
    await keys.press('Enter');
    await expect(refund.getByLabel(ui.qty(1))).toBeFocused();
    await keys.press('1');
    await keys.press('Enter');
    await expect(refund.getByLabel(ui.qty(2))).toBeFocused();
    await keys.press('Enter');
    await expect(refund.getByRole('button', { name: ui.refundLines })).toBeFocused();
    await keys.press('Enter');
    const result = refund.getByRole('status', { name: ui.result });
    await expect(result.locator('.result-big')).toHaveText(ui.pts(50));
    await expect(result).toBeFocused();
    expect(keys.pressed).toEqual(['Alt+f', 'ArrowDown', 'Enter', '1', 'Enter', 'Enter', 'Enter']);
    expect(keys.pressed.length).toBeLessThanOrEqual(8);
    await expect(counter.getByLabel(ui.balance(250))).toBeVisible();
    expect(await balance(lin.id)).toBe(250);
    const r100 = await store('points:getPurchase', { receiptNo: 'R-100' });
    expect(r100.lines.map((l) => l.returnedQuantity)).toEqual([1, 0]);

    // ---- Zhou's receipt typed in Lin's Refund tab: named, read-only, nothing refundable here.
    await refund.getByLabel(ui.receipt).fill('Z-7');
    await refund.getByLabel(ui.receipt).press('Enter');
    await expect(refund.getByText(ui.other(ZHOU.name, zhou.cardNumber))).toBeVisible();
    const zhouQty = refund.getByLabel(ui.qty(1));
    await expect(zhouQty).not.toBeEditable();
    await expect(refund.getByRole('button', { name: ui.refundLines })).toBeDisabled();
    await expect(refund.getByRole('button', { name: ui.refundAll })).toBeDisabled();
    const openZhou = refund.getByRole('button', { name: ui.openOwner(ZHOU.name) });
    await expect(openZhou).toBeFocused();
    await screenshot(page, `counter-refunds-01-other-member-${lang}`);

    // Enter opens Zhou on their Refund tab with Z-7 open and the cursor in its line.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: ZHOU.name })).toBeVisible();
    const zhouRefund = page.getByRole('region', { name: ui.actions }).getByRole('tabpanel', { name: ui.refundTab });
    await expect(zhouRefund).toBeVisible();
    await expect(zhouRefund.getByLabel(ui.receipt)).toHaveValue('Z-7');
    await expect(zhouRefund.getByLabel(ui.qty(1))).toBeFocused();
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await expect(zhouRefund.getByRole('button', { name: ui.refundLines })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(zhouRefund.getByRole('status', { name: ui.result }).locator('.result-big')).toHaveText(ui.pts(80));
    await expect(page.getByRole('region', { name: ui.actions }).getByLabel(ui.balance(0))).toBeVisible();
    expect(await balance(zhou.id)).toBe(0);
    expect(await balance(lin.id)).toBe(250);
  });
}
