/**
 * Issue 9 item 5, in English and Chinese at 1024×768: a manual or an idle lock keeps the
 * sale. While locked nothing of it can be seen; after unlock the same member, the typed
 * amount, receipt and line items, and the focus are back, with no stale "terminal is
 * locked" message anywhere. Nothing was recorded by locking.
 */
import { test, expect, OWNER, seedStaff, screenshot } from './fixtures';
import { COMMON, LANGS, openMemberUi, signInUi, storeAs } from './counter-helpers';

const UI = {
  en: {
    status: 'Status',
    lock: 'Lock',
    lockTitle: 'Terminal locked',
    password: 'Password',
    unlock: 'Unlock',
    lockedText: /terminal is locked/i,
    itemise: 'Enter line items',
    sku: (n: number) => `SKU, line ${n}`,
    fastPath: 'Just the total',
  },
  'zh-CN': {
    status: '状态',
    lock: '锁定',
    lockTitle: '终端已锁定',
    password: '密码',
    unlock: '解锁',
    lockedText: /终端已锁定/,
    itemise: '输入商品明细',
    sku: (n: number) => `商品编码，第 ${n} 行`,
    fastPath: '只输入总额',
  },
} as const;

const LIN = { name: 'Lin Mei', phone: '139 8765 4321' };

for (const lang of LANGS) {
  const ui = { ...COMMON[lang], ...UI[lang] };

  test(`lock keeps the sale (${lang}): manual and idle lock, same member, values and focus after unlock`, async ({
    page,
    host,
  }) => {
    test.skip(!host.testHost, 'Moves the clocks of the test host and the page');
    await seedStaff(page, host, []);
    const store = await storeAs(host);
    if (lang !== 'en') await store('settings:update', { locale: lang, idleLockMinutes: 2 });
    else await store('settings:update', { idleLockMinutes: 2 });
    const lin = await store('members:register', LIN);
    await page.clock.install();
    await signInUi(page, lang, OWNER);
    await openMemberUi(page, lang, LIN.name, LIN.name);
    const heading = page.getByRole('heading', { level: 1, name: LIN.name });
    const award = page.getByRole('region', { name: ui.actions }).getByRole('tabpanel').first();
    const amount = award.getByLabel(ui.amount);
    const receipt = award.getByLabel(ui.receipt);
    await page.keyboard.type('12.50');
    await receipt.fill('R-77');
    await receipt.focus();

    const unlock = async () => {
      const lockTitle = page.getByRole('heading', { name: ui.lockTitle });
      await expect(lockTitle).toBeVisible();
      // Nothing of the sale is visible while locked.
      await expect(heading).toBeHidden();
      await expect(page.getByText('12.50').filter({ visible: true })).toHaveCount(0);
      await expect(page.getByRole('textbox', { name: ui.receipt })).toHaveCount(0);
      await page.getByLabel(ui.password, { exact: true }).fill(OWNER.password);
      await page.getByRole('button', { name: ui.unlock }).click();
      await expect(lockTitle).toHaveCount(0);
    };

    // ---- Manual lock from the status bar.
    await page.getByRole('contentinfo', { name: ui.status }).getByRole('button', { name: ui.lock }).click();
    await screenshot(page, `counter-lock-01-locked-${lang}`);
    await unlock();
    await expect(heading).toBeVisible();
    await expect(amount).toHaveValue('12.50');
    await expect(receipt).toHaveValue('R-77');
    await expect(receipt).toBeFocused();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByText(ui.lockedText)).toHaveCount(0);

    // ---- Idle lock (2 minutes without a key) with line items typed and the cursor in line 1.
    await award.getByRole('button', { name: ui.itemise }).click();
    await expect(award.getByLabel(ui.sku(1))).toBeFocused();
    await page.keyboard.type('TEA');
    host.advanceClock(3 * 60_000);
    await page.clock.fastForward('03:00');
    await unlock();
    await expect(heading).toBeVisible();
    await expect(award.getByLabel(ui.sku(1))).toHaveValue('TEA');
    await expect(award.getByLabel(ui.sku(1))).toBeFocused();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByText(ui.lockedText)).toHaveCount(0);
    await award.getByRole('button', { name: ui.fastPath }).click();
    await expect(amount).toHaveValue('12.50');
    await expect(receipt).toHaveValue('R-77');
    await screenshot(page, `counter-lock-02-unlocked-${lang}`);

    // Locking recorded nothing (a fresh store session: main locked the old one too).
    const after = await storeAs(host);
    expect(await after('points:listPurchases', { memberId: lin.id })).toEqual([]);
  });
}
