/**
 * Member PINs across the chain (issue 12; src/shared/sync/pins.ts): a PIN set in North's
 * counter is asked for and checked at South's, where a wrong one counts and the right one
 * redeems. A PIN North set with its own pepper (before it held the chain key) is "set at
 * another store" at South — never "no PIN" — offers the identity reset there, and the reset
 * PIN then redeems. South's counter in Chinese and English; what was recorded read back
 * from head office and the terminals. Real head office, real terminals, Chromium.
 */
import { test, expect, MANAGER, screenshot } from './fixtures';
import { openMemberUi, signInUi } from './counter-helpers';
import { must, northAndSouth, startHeadOffice, type Terminal } from './chain-helpers';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';
import { readChainSecrets, writeChainSecrets } from '../../src/main/core/sync/chain-secrets';
import { bindChainPinKey } from '../../src/main/core/keys/bound-keys';

let cluster: PgCluster;
test.beforeAll(async () => {
  cluster = await startPgCluster({ prefix: 'perkdesk-pg-e2e-pins-' });
});
test.afterAll(() => cluster?.stop());

const UI = {
  en: {
    redeemTab: /Redeem/,
    pin: 'Member PIN',
    redeem: 'Redeem Chain mug',
    confirm: 'Yes, redeem Chain mug',
    elsewhere:
      'This member’s PIN was set at another store and cannot be checked here: reset it with the member’s details (Member PIN → Forgot PIN: reset) before redeeming.',
    resetPin: 'Reset the member’s PIN',
    resetForm: 'Reset the PIN after checking identity',
    resetName: 'Name (as the member says it)',
    resetPhone: 'Phone (as the member says it)',
    newPin: 'New PIN (4–6 digits)',
    submitReset: 'Check identity and reset',
    resetDone: 'Identity confirmed. New PIN set.',
    result: 'Redemption result',
  },
  'zh-CN': {
    redeemTab: /兑换/,
    pin: '会员密码',
    redeem: '兑换 Chain mug',
    confirm: '确定兑换 Chain mug',
    triesLeft: '密码错误。请会员重新输入（还可尝试 2 次）。',
    elsewhere:
      '该会员的密码是在其他门店设置的，本终端无法验证：兑换前请凭会员资料重置密码（会员密码 → 忘记密码：重置）。',
    resetPin: '重置会员密码',
    result: '兑换结果',
  },
} as const;

const WANG = { name: 'Wang Fang', phone: '13812345678' };
const LI = { name: 'Li Lei', phone: '13912345678' };

/** Redeems the chain mug at the counter with `pin`: PIN, Enter, Enter (confirm), Enter. */
async function redeemWithPin(t: Terminal, ui: (typeof UI)['en' | 'zh-CN'], pin: string) {
  const redeem = t.page.getByRole('tabpanel', { name: ui.redeemTab });
  await t.page.keyboard.press('Alt+r');
  const field = redeem.getByLabel(ui.pin, { exact: true });
  await expect(field).toBeFocused();
  await t.page.keyboard.type(pin);
  await t.page.keyboard.press('Enter');
  await expect(redeem.getByRole('button', { name: ui.redeem, exact: true })).toBeFocused();
  await t.page.keyboard.press('Enter');
  await redeem.getByRole('button', { name: ui.confirm }).click();
  return redeem;
}

test('a PIN set at North is the PIN at South; one North could not share is reset at South, then redeems', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const ho = await startHeadOffice(cluster, 'ho_e2e_pins');
  const terminals: Terminal[] = [];
  try {
    await must(
      ho.admin('admin:saveReward', { storeId: null, reward: { name: 'Chain mug', kind: 'goods', costPoints: 100 } }),
    );
    const { north, south } = await northAndSouth(browser, ho, terminals, { redeemRequiresPin: true });
    const wang = await north.asOwner('members:register', WANG);
    const li = await north.asOwner('members:register', LI);
    for (const [m, receiptNo] of [
      [wang, 'N-1'],
      [li, 'N-2'],
    ] as const) {
      await north.asOwner('points:award', { opId: crypto.randomUUID(), memberId: m.id, receiptNo, totalMinor: 50_000 });
    }

    // ---- Wang Fang's PIN is set in North's counter (English).
    await signInUi(north.page, 'en', MANAGER);
    await openMemberUi(north.page, 'en', WANG.phone, WANG.name);
    await north.page.keyboard.press('Alt+r');
    await north.page.getByRole('button', { name: 'Set PIN' }).click();
    await expect(north.page.getByLabel('New PIN (4–6 digits)')).toBeFocused();
    await north.page.keyboard.type('2468');
    await north.page.keyboard.press('Enter');
    await expect(north.page.getByRole('textbox', { name: 'Member PIN', exact: true })).toBeVisible();

    // ---- Li Lei's PIN is set while North holds no chain key (as a terminal enrolled before
    // head office handed one out): a hash of North's own pepper.
    const core = north.host.core;
    const secrets = readChainSecrets(core.config.sync.credentials)!;
    writeChainSecrets(core.config.sync.credentials, { credential: secrets.credential, pinKey: null });
    bindChainPinKey(core.db, null);
    await north.asOwner('members:setPin', { memberId: li.id, pin: '1357' });
    await north.asOwner('sync:now', {});
    const hoPin = async (id: string) =>
      (await ho.service.pool.query('SELECT pin_hash FROM members WHERE id = $1', [id])).rows[0].pin_hash as string;
    expect(await hoPin(wang.id)).toMatch(/^pc1\$/);
    expect(await hoPin(li.id)).toBe('px1$');

    // ---- South, in Chinese: Wang Fang's PIN is asked for; a wrong one counts, the right one redeems.
    await south.asOwner('settings:update', { locale: 'zh-CN' });
    await south.asOwner('sync:now', {});
    const zh = UI['zh-CN'];
    await signInUi(south.page, 'zh-CN', MANAGER);
    await openMemberUi(south.page, 'zh-CN', WANG.phone, WANG.name);
    const redeemZh = await redeemWithPin(south, zh, '1111');
    await expect(redeemZh.getByRole('alert')).toHaveText(zh.triesLeft);
    const pinZh = redeemZh.getByLabel(zh.pin, { exact: true });
    await pinZh.fill('2468');
    await pinZh.press('Enter'); // the confirm step is still open: Enter in the field submits again
    await expect(redeemZh.getByRole('status', { name: zh.result })).toContainText('当前余额 400 积分');

    // ---- Li Lei at South: "set at another store", in Chinese and in English; nothing counted.
    await openMemberUi(south.page, 'zh-CN', LI.phone, LI.name);
    const liZh = await redeemWithPin(south, zh, '1357');
    await expect(liZh.getByRole('alert')).toHaveText(zh.elsewhere);
    await expect(liZh.getByRole('button', { name: zh.resetPin })).toBeVisible();
    // The member's PIN panel says so too, and offers the reset only (no "change with the old PIN").
    const pinPanelZh = south.page.getByRole('region', { name: '会员密码' });
    await expect(pinPanelZh).toContainText('密码是在其他门店设置的，本终端无法验证：请凭会员资料重置后在此使用。');
    await expect(pinPanelZh.getByRole('button', { name: '修改密码' })).toHaveCount(0);
    await south.asOwner('settings:update', { locale: 'en' });
    const en = UI.en;
    await signInUi(south.page, 'en', MANAGER);
    await openMemberUi(south.page, 'en', LI.phone, LI.name);
    const liEn = await redeemWithPin(south, en, '1357');
    await expect(liEn.getByRole('alert')).toHaveText(en.elsewhere);
    await expect(liEn.getByRole('button', { name: en.resetPin })).toBeVisible();
    const pinPanel = south.page.getByRole('region', { name: 'Member PIN' });
    await expect(pinPanel).toContainText('A PIN was set at another store and cannot be checked here');
    await expect(pinPanel.getByRole('button', { name: 'Change PIN' })).toHaveCount(0);
    await screenshot(south.page, 'chain-pins-01-set-elsewhere-en');
    const failed = south.host.core.db.prepare('SELECT pin_failed_attempts FROM members WHERE id = ?').pluck();
    expect(failed.get(li.id)).toBe(0);

    // ---- The way on is the identity check at South; the new PIN then redeems here…
    await liEn.getByRole('button', { name: en.resetPin }).click();
    const reset = south.page.getByRole('form', { name: en.resetForm });
    await expect(reset.getByLabel(en.resetName)).toBeFocused();
    await south.page.keyboard.type(LI.name);
    await reset.getByLabel(en.resetPhone).fill(LI.phone);
    await reset.getByLabel(en.newPin).fill('8642');
    await reset.getByRole('button', { name: en.submitReset }).click();
    await expect(south.page.getByRole('status').filter({ hasText: en.resetDone })).toBeVisible();
    await expect(pinPanel).toContainText('A PIN is set.');
    const liAgain = await redeemWithPin(south, en, '8642');
    await expect(liAgain.getByRole('status', { name: en.result })).toContainText('Balance now 400 pts.');

    // …and is the PIN at North too, after both sync.
    await south.asOwner('sync:now', {});
    await north.asOwner('sync:now', {});
    expect(await hoPin(li.id)).toMatch(/^pc1\$/);
    expect(await north.asOwner('members:verifyPin', { memberId: li.id, pin: '8642' })).toEqual({ verified: true });
    const chainBalance = async (id: string) =>
      (await ho.service.pool.query('SELECT balance::int AS b FROM balances WHERE member_id = $1', [id])).rows[0].b;
    expect(await chainBalance(wang.id)).toBe(400);
    expect(await chainBalance(li.id)).toBe(400);
  } finally {
    for (const t of terminals) await t.close().catch(() => undefined);
    await ho.close().catch(() => undefined);
  }
});
