/**
 * Shared by the counter specs (issue 9): the store read and arranged straight through the
 * test host's dispatcher (as the owner), sign-in and opening a member through the UI in
 * either language.
 */
import type { Page } from '@playwright/test';
import { expect, OWNER, type AppUnderTest, type StaffCredentials } from './fixtures';
import type { ChannelName, InputOf, OutputOf } from '../../src/shared/contract';

export type Lang = 'en' | 'zh-CN';
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];

/** Labels every counter spec needs, by language (accessible names only). */
export const COMMON = {
  en: {
    signInHeading: 'Sign in',
    username: 'User name',
    password: 'Password',
    signIn: 'Sign in',
    nav: 'Main',
    find: 'Find a member',
    actions: 'Points actions',
    amount: 'Amount spent',
    receipt: 'Receipt number',
    awardResult: 'Award result',
  },
  'zh-CN': {
    signInHeading: '登录',
    username: '用户名',
    password: '密码',
    signIn: '登录',
    nav: '主菜单',
    find: '查找会员',
    actions: '积分操作',
    amount: '消费金额',
    receipt: '小票号',
    awardResult: '积分结果',
  },
} as const;

export type Store = <C extends ChannelName>(channel: C, input: InputOf<C>) => Promise<OutputOf<C>>;

/** Calls as the owner through the test host (arranging data, reading what was recorded). */
export async function storeAs(host: AppUnderTest): Promise<Store> {
  const h = host.testHost!;
  const signedIn = await h.call('auth:signIn', { username: OWNER.username, password: OWNER.password });
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  const token = signedIn.value.token;
  return async (channel, input) => {
    const r = await h.call(channel, input, token);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
}

export async function signInUi(page: Page, lang: Lang, who: StaffCredentials): Promise<void> {
  const ui = COMMON[lang];
  await page.reload();
  await expect(page.getByRole('heading', { name: ui.signInHeading })).toBeVisible();
  await page.getByLabel(ui.username).fill(who.username);
  await page.getByLabel(ui.password, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: ui.signIn, exact: true }).click();
  await expect(page.getByRole('navigation', { name: ui.nav })).toBeVisible();
}

/** Types the query in the search box, opens the one match, waits for the amount field's focus. */
export async function openMemberUi(page: Page, lang: Lang, query: string, name: string): Promise<void> {
  const ui = COMMON[lang];
  const box = page.getByLabel(ui.find);
  await page.keyboard.press('F2');
  await expect(box).toBeFocused();
  await box.fill(query);
  await expect(page.getByRole('option')).toHaveCount(1);
  await box.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('region', { name: ui.actions }).getByLabel(ui.amount)).toBeFocused();
}

/** What CDP needs to type one key: a digit, Enter, or (a receipt's QR code) any printable character. */
function keyEvent(k: string) {
  if (k === 'Enter')
    return { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r', unmodifiedText: '\r' };
  if (/^\d$/.test(k))
    return { key: k, code: `Digit${k}`, windowsVirtualKeyCode: 48 + Number(k), text: k, unmodifiedText: k };
  const named: Record<string, [string, number]> = { ',': ['Comma', 188], '.': ['Period', 190], '-': ['Minus', 189] };
  const [code, vk] =
    named[k] ?? (/^[a-z]$/i.test(k) ? [`Key${k.toUpperCase()}`, k.toUpperCase().charCodeAt(0)] : ['', 0]);
  return { key: k, code, windowsVirtualKeyCode: vk, text: k, unmodifiedText: k };
}

/**
 * Keys sent to the browser in one burst: every command queued at once over CDP, as a
 * scanner's USB reports or a bouncing key arrive, so they are milliseconds apart even on a
 * busy machine (`keyboard.type` waits a round trip per key). Digits, Enter and printable characters.
 */
export async function burst(page: Page, keys: string[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const sends: Promise<unknown>[] = [];
  for (const k of keys) {
    sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...keyEvent(k) }));
    sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...keyEvent(k) }));
  }
  await Promise.all(sends);
  await cdp.detach();
}

/** A keyboard-wedge scan: the digits and Enter in one burst. */
export async function scan(page: Page, digits: string): Promise<void> {
  await burst(page, [...digits, 'Enter']);
}
