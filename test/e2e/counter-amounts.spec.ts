/**
 * Issue 9 item 1, amounts a cashier can trust: an ambiguous comma ("12,50", "1,5") is
 * refused with the dot reading and the text kept, nothing recorded; full-width digits and
 * `。` from a Chinese IME are read; the amount as read ("Read as ¥1,250.00") is under the
 * field before Enter; an amount above the store's "unusually large amount" (set on the
 * Settings page) asks first; "-3" points to Refund. What was recorded is read back from
 * the test host's store. In English and in Chinese, at 1024×768.
 */
import { test, expect, OWNER, seedStaff, screenshot } from './fixtures';
import { COMMON, LANGS, openMemberUi, signInUi, storeAs } from './counter-helpers';

const UI = {
  en: {
    settingsPage: 'Settings',
    largeAmount: 'Unusually large amount',
    saveSettings: 'Save settings',
    saved: 'Settings saved.',
    counterPage: 'Counter',
    commaSuggest: (s: string) => `Use a dot for decimals: ${s}`,
    readAs: (a: string) => `Read as ${a}`,
    fixFields: 'Check the highlighted fields; nothing was recorded.',
    largeStep: 'Confirm a large amount',
    largeText: (a: string, l: string) => `${a} is an unusually large amount (over ${l}). Is it right?`,
    largeYes: (a: string) => `Yes, award for ${a}`,
    largeNo: 'Change the amount',
    negative: 'An amount is never negative. To take points back, use Refund (Alt+F).',
    tooLarge: 'This number is too large: at most ¥100,000,000.00.',
    pts: (n: number) => `+${n.toLocaleString('en')} pts`,
    duplicate: (r: string) =>
      `Receipt ${r} was already awarded. Check the number on the receipt; nothing was awarded twice.`,
  },
  'zh-CN': {
    settingsPage: '设置',
    largeAmount: '异常大额',
    saveSettings: '保存设置',
    saved: '设置已保存。',
    counterPage: '收银台',
    commaSuggest: (s: string) => `小数请用点号：${s}`,
    readAs: (a: string) => `读作 ${a}`,
    fixFields: '请检查标出的字段；未记录任何内容。',
    largeStep: '确认大额金额',
    largeText: (a: string, l: string) => `${a} 是一笔异常大的金额（超过 ${l}）。确定无误吗？`,
    largeYes: (a: string) => `确定，按 ${a} 发放积分`,
    largeNo: '修改金额',
    negative: '金额不能为负数。要收回积分，请用“退货”（Alt+F）。',
    tooLarge: '数字太大：最多 ¥100,000,000.00。',
    pts: (n: number) => `+${n.toLocaleString('en')} 积分`,
    duplicate: (r: string) => `小票 ${r} 已发放过积分。请核对小票上的号码；积分不会重复发放。`,
  },
} as const;

const MEMBER = { name: 'Lin Mei', phone: '139 8765 4321' };

for (const lang of LANGS) {
  const ui = { ...COMMON[lang], ...UI[lang] };

  test(`amounts (${lang}): commas refused with the dot reading, full-width read, shown as read, large asks first`, async ({
    page,
    host,
  }) => {
    test.skip(!host.testHost, 'Reads what was recorded through the test host');
    await seedStaff(page, host, []);
    const store = await storeAs(host);
    if (lang !== 'en') await store('settings:update', { locale: lang });
    const member = await store('members:register', MEMBER);
    const purchases = async () =>
      (await store('points:listPurchases', { memberId: member.id })).map((p) => [p.receiptNo, p.totalMinor]).reverse();
    await signInUi(page, lang, OWNER);
    const nav = page.getByRole('navigation', { name: ui.nav });

    // ---- The owner sets the unusually large amount on the Settings page (default 2,000.00).
    await nav.getByRole('button', { name: ui.settingsPage, exact: true }).click();
    const large = page.getByLabel(ui.largeAmount);
    await expect(large).toHaveValue('2000.00');
    await large.fill('1500.00');
    await page.getByRole('button', { name: ui.saveSettings }).click();
    await expect(page.getByRole('status').filter({ hasText: ui.saved })).toBeVisible();
    expect((await store('settings:get', {})).largeAmountMinor).toBe(150_000);
    await nav.getByRole('button', { name: ui.counterPage, exact: true }).click();

    await openMemberUi(page, lang, MEMBER.name, MEMBER.name);
    const award = page.getByRole('region', { name: ui.actions }).getByRole('tabpanel').first();
    const amount = award.getByLabel(ui.amount);
    const receipt = award.getByLabel(ui.receipt);

    // ---- "12,50": refused with the dot reading, the text kept, nothing recorded.
    await page.keyboard.type('12,50');
    await receipt.fill('R-1');
    await receipt.press('Enter');
    await expect(amount).toHaveAccessibleDescription(ui.commaSuggest('12.50'));
    await expect(award.getByText(ui.commaSuggest('12.50'))).toBeVisible();
    await expect(award.getByRole('alert')).toHaveText(ui.fixFields);
    await expect(amount).toBeFocused();
    await expect(amount).toHaveValue('12,50');
    await screenshot(page, `counter-amounts-01-comma-${lang}`);
    await amount.fill('1,5');
    await receipt.press('Enter');
    await expect(amount).toHaveAccessibleDescription(ui.commaSuggest('1.5'));
    await expect(amount).toHaveValue('1,5');
    expect(await purchases()).toEqual([]);

    // ---- Full-width digits and the ideographic full stop: read, and shown as read.
    await amount.fill('１２。５０');
    await expect(amount).toHaveAccessibleDescription(ui.readAs('¥12.50'));
    await expect(award.getByText(ui.readAs('¥12.50'))).toBeVisible();
    await receipt.press('Enter');
    await expect(award.getByRole('status', { name: ui.awardResult }).locator('.result-big')).toHaveText(ui.pts(12));
    expect(await purchases()).toEqual([['R-1', 1250]]);

    // ---- Unambiguous grouping: "1,250.00" is ¥1,250.00 (below the 1,500.00 set: no question).
    await amount.fill('1,250.00');
    await expect(amount).toHaveAccessibleDescription(ui.readAs('¥1,250.00'));
    await receipt.fill('R-2');
    await receipt.press('Enter');
    await expect(award.getByRole('status', { name: ui.awardResult }).locator('.result-big')).toHaveText(ui.pts(1250));
    expect(await purchases()).toEqual([
      ['R-1', 1250],
      ['R-2', 125000],
    ]);

    // ---- Above the unusually large amount: asked first; "Change the amount" records nothing.
    await amount.fill('2,500');
    await expect(amount).toHaveAccessibleDescription(ui.readAs('¥2,500.00'));
    await receipt.fill('R-3');
    await receipt.press('Enter');
    const step = award.getByRole('group', { name: ui.largeStep });
    await expect(step).toHaveText(new RegExp(ui.largeText('¥2,500.00', '¥1,500.00').replace(/[.()?（）]/g, '\\$&')));
    await expect(step.getByRole('button', { name: ui.largeYes('¥2,500.00') })).toBeFocused();
    await screenshot(page, `counter-amounts-02-large-${lang}`);
    await step.getByRole('button', { name: ui.largeNo }).click();
    await expect(step).toHaveCount(0);
    await expect(amount).toBeFocused();
    expect(await purchases()).toHaveLength(2);
    // Enter again: asked again; yes records it.
    await receipt.press('Enter');
    await step.getByRole('button', { name: ui.largeYes('¥2,500.00') }).click();
    await expect(award.getByRole('status', { name: ui.awardResult }).locator('.result-big')).toHaveText(ui.pts(2500));
    expect((await purchases())[2]).toEqual(['R-3', 250000]);

    // ---- Item 9: a new entry clears the last result; a duplicate receipt replaces it.
    const awarded = award.getByRole('status', { name: ui.awardResult });
    await amount.fill('5.00');
    await expect(awarded).toHaveCount(0);
    await receipt.fill('R-3');
    await receipt.press('Enter');
    await expect(award.getByRole('alert')).toHaveText(ui.duplicate('R-3'));
    await expect(awarded).toHaveCount(0);
    await expect(receipt).toBeFocused();

    // ---- "-3" says to use Refund; a number past the bound names the limit.
    await amount.fill('-3');
    await receipt.fill('R-4');
    await receipt.press('Enter');
    await expect(amount).toHaveAccessibleDescription(ui.negative);
    // Just above the core's purchase limit: the field names the same limit (shared/limits.ts).
    await amount.fill('100000000.01');
    await receipt.press('Enter');
    await expect(amount).toHaveAccessibleDescription(ui.tooLarge);
    expect(await purchases()).toHaveLength(3);
  });
}
