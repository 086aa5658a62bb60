/**
 * Issue 9 item 13, the till's receipt scanned instead of retyped, in English and Chinese at
 * 1024×768: the owner picks the China VAT invoice QR preset on the Settings page (a custom
 * pattern without a receipt group is refused there and by main; the test box shows what a
 * scan reads); at the counter a wedge scan of the QR code — digits, commas and dots typed
 * in one burst while the cursor is in Amount — fills the receipt number and the amount
 * (shown, editable, "from scan"), the member stays open, and the award records that the
 * values came from the scan (facts, history, audit). An amount changed after the scan is
 * recorded as typed, only the receipt as scanned.
 */
import { test, expect, OWNER, seedStaff, screenshot } from './fixtures';
import { COMMON, LANGS, openMemberUi, scan, signInUi, storeAs } from './counter-helpers';

const UI = {
  en: {
    settingsPage: 'Settings',
    counterPage: 'Counter',
    form: 'Till receipt scans',
    preset: "Code on the till's receipt",
    vat: 'China VAT invoice QR code',
    custom: 'Custom pattern',
    pattern: 'Pattern',
    test: 'Test a scan',
    save: 'Save receipt scans',
    saved: 'Saved.',
    noReceipt: 'The pattern needs a group named receipt: (?<receipt>…).',
    read: 'Receipt 80100798 · amount ¥64.90 · dated 2016-10-18',
    noMatch: 'Does not match: the counter would not read this scan.',
    readAs: 'Read as ¥64.90 · from scan',
    receiptHint: 'From scan (receipt of 2016-10-18) · then press Enter to award.',
    fromScan: 'from scan',
    historyTab: /History/,
    pts: '+64 pts',
  },
  'zh-CN': {
    settingsPage: '设置',
    counterPage: '收银台',
    form: '小票扫码',
    preset: '收银小票上的码',
    vat: '增值税发票二维码',
    custom: '自定义规则',
    pattern: '规则',
    test: '测试扫码',
    save: '保存小票扫码',
    saved: '已保存。',
    noReceipt: '规则需要名为 receipt 的分组：(?<receipt>…)。',
    read: '小票 80100798 · 金额 ¥64.90 · 日期 2016-10-18',
    noMatch: '不匹配：收银台不会读取这次扫码。',
    readAs: '读作 ¥64.90 · 扫码录入',
    receiptHint: '扫码录入（2016-10-18 的小票）· 然后按回车发放积分。',
    fromScan: '扫码录入',
    historyTab: /记录/,
    pts: '+64 积分',
  },
} as const;

/** The QR code of a VAT electronic ordinary invoice: number 80100798, ¥64.90 before tax, 2016-10-18. */
const QR = '01,10,011001605111,80100798,64.90,20161018,85342965681116380258,';
const QR2 = '01,10,011001605111,80100799,100.00,20161018,85342965681116380259,';

for (const lang of LANGS) {
  const ui = { ...COMMON[lang], ...UI[lang] };

  test(`till receipt scanned (${lang}): VAT QR preset, scan fills receipt and amount, the award says "from scan"`, async ({
    page,
    host,
  }) => {
    test.skip(!host.testHost, 'Reads what was recorded through the test host');
    await seedStaff(page, host, []);
    const store = await storeAs(host);
    if (lang !== 'en') await store('settings:update', { locale: lang });
    const member = await store('members:register', { name: 'Lin Mei', phone: '139 8765 4321' });
    await signInUi(page, lang, OWNER);
    const nav = page.getByRole('navigation', { name: ui.nav });

    // ---- Settings: a custom pattern without a receipt group is refused, here and by main.
    await nav.getByRole('button', { name: ui.settingsPage, exact: true }).click();
    const form = page.getByRole('form', { name: ui.form });
    await form.getByLabel(ui.preset).selectOption({ label: ui.custom });
    const pattern = form.getByLabel(ui.pattern);
    await pattern.fill('^(?<amount>\\d+)$');
    await expect(pattern).toHaveAccessibleDescription(ui.noReceipt);
    await form.getByRole('button', { name: ui.save }).click();
    await expect(form.getByRole('alert')).toHaveText(ui.noReceipt);
    await expect(
      store('settings:update', { receiptScan: { preset: 'custom', pattern: '^(?<amount>\\d+)$' } }),
    ).rejects.toThrow(/VALIDATION/);

    // ---- The VAT preset; the test box reads a scan with it.
    await form.getByLabel(ui.preset).selectOption({ label: ui.vat });
    await expect(pattern).toHaveAttribute('readonly', '');
    const testBox = form.getByLabel(ui.test);
    await testBox.fill('R-1001');
    await expect(testBox).toHaveAccessibleDescription(ui.noMatch);
    await testBox.fill(QR);
    await expect(testBox).toHaveAccessibleDescription(ui.read);
    await screenshot(page, `counter-receipt-scan-settings-${lang}`);
    await form.getByRole('button', { name: ui.save }).click();
    await expect(form.getByRole('status').filter({ hasText: ui.saved })).toBeVisible();
    expect((await store('settings:get', {})).receiptScan.preset).toBe('cnVatQr');

    // ---- The counter: the QR scanned while the cursor is in Amount.
    await nav.getByRole('button', { name: ui.counterPage, exact: true }).click();
    await openMemberUi(page, lang, 'Lin Mei', 'Lin Mei');
    const actions = page.getByRole('region', { name: ui.actions });
    const amount = actions.getByLabel(ui.amount);
    const receipt = actions.getByLabel(ui.receipt, { exact: true });
    await scan(page, QR);
    await expect(amount).toHaveValue('64.90');
    await expect(receipt).toHaveValue('80100798');
    await expect(amount).toHaveAccessibleDescription(ui.readAs);
    await expect(receipt).toHaveAccessibleDescription(ui.receiptHint);
    await expect(amount).toBeFocused();
    // The member is still open (no card lookup, no error).
    await expect(page.getByRole('heading', { level: 1, name: 'Lin Mei' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await screenshot(page, `counter-receipt-scan-filled-${lang}`);
    await page.keyboard.press('Enter');
    const result = actions.getByRole('status', { name: ui.awardResult });
    await expect(result.locator('.result-big')).toHaveText(ui.pts);
    await expect(result).toContainText(ui.fromScan);
    const purchase = await store('points:getPurchase', { receiptNo: '80100798' });
    expect([purchase.memberId, purchase.totalMinor]).toEqual([member.id, 6490]);
    expect(purchase.facts).toMatchObject({ scanned: 'receiptAndAmount' });

    // ---- The history says so too.
    await page.keyboard.press('Alt+h');
    await expect(actions.getByRole('tab', { name: ui.historyTab })).toHaveAttribute('aria-selected', 'true');
    await expect(actions.getByRole('tabpanel').filter({ hasText: '80100798' })).toContainText(ui.fromScan);

    // ---- Scanned from the History tab: back to Award, filled. The amount changed by hand
    // is recorded as typed; only the receipt counts as scanned.
    await scan(page, QR2);
    await expect(receipt).toHaveValue('80100799');
    await expect(amount).toHaveValue('100.00');
    await amount.fill('90');
    await receipt.press('Enter');
    await expect(result.locator('.result-big')).toHaveText(lang === 'en' ? '+90 pts' : '+90 积分');
    const second = await store('points:getPurchase', { receiptNo: '80100799' });
    expect(second.totalMinor).toBe(9000);
    expect(second.facts).toMatchObject({ scanned: 'receipt' });
  });
}
