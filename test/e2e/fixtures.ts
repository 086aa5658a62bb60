/**
 * Playwright fixtures and helpers every e2e spec reuses.
 *
 *   import { test, expect, setupOwnerAndSignIn, createStaff, signIn } from './fixtures';
 *   test('…', async ({ page, host }) => { await setupOwnerAndSignIn(page); … });
 *
 * `host` is a fresh test host (real core, temp SQLite file) per test; `page` is already
 * open on it. With the `electron` project (`PERKDESK_E2E_ELECTRON=1`) the same specs
 * drive the built Electron app instead, with printing stubbed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect, _electron, type ElectronApplication, type Locator, type Page } from '@playwright/test';
import { startTestHost, type TestHost } from '../host/server';
import type { ChannelName, InputOf, OutputOf } from '../../src/shared/contract';
import type { Result } from '../../src/shared/errors';
import { electronProjectProblem, findElectronBinary, REPO } from './electron-app';

export { expect };

export type Target = 'host' | 'electron';
export interface E2eOptions {
  target: Target;
}

/** What a spec may ask of the app under test, whichever target runs it. */
export interface AppUnderTest {
  target: Target;
  url: string;
  /** The test host itself (seed data with host.call, move its clock); null under Electron. */
  testHost: TestHost | null;
  /** Moves main's clock (back-off, reset-code expiry). Test host only. */
  advanceClock(ms: number): void;
}

export const OWNER = { username: 'owner', displayName: 'Olivia Owner', password: 'correct horse battery' };
export const MANAGER = { username: 'manny', displayName: 'Manny Manager', password: 'manager pass 42' };
export const CASHIER = { username: 'cathy', displayName: 'Cathy Cashier', password: 'cashier pass 42' };
export type StaffCredentials = typeof OWNER;

/**
 * Where `screenshot()` writes. To refresh the README's pictures without any script:
 *   npx electron-vite build && PERKDESK_SCREENSHOTS=docs/screenshots npx playwright test --project chromium
 * (or copy test-results/screenshots/*.png to docs/screenshots/ after any e2e run).
 */
export const SCREENSHOT_DIR = resolve(REPO, process.env.PERKDESK_SCREENSHOTS ?? 'test-results/screenshots');

export const test = base.extend<E2eOptions & { host: AppUnderTest }>({
  target: ['host', { option: true }],

  host: async ({ target }, use) => {
    if (target === 'host') {
      const h = await startTestHost();
      await use({ target, url: h.url, testHost: h, advanceClock: (ms) => h.advanceClock(ms) });
      await h.close();
      return;
    }
    // playwright.config.ts defines this project only when asked and stops first if
    // there is no binary; this catches a binary that went away during the run.
    const problem = electronProjectProblem();
    if (problem) throw new Error(problem);
    await use({
      target,
      url: '',
      testHost: null,
      advanceClock: () => {
        throw new Error('advanceClock works only with the test host');
      },
    });
  },

  page: async ({ page, host }, use) => {
    if (host.target === 'host') {
      await page.goto(host.url);
      await use(page);
      return;
    }
    // Electron: the built app, with its user data in a fresh temp folder.
    const bin = findElectronBinary();
    if ('missing' in bin) throw new Error(bin.missing);
    const userData = mkdtempSync(join(tmpdir(), 'perkdesk-electron-'));
    const app = await _electron.launch({
      executablePath: bin.path,
      args: [REPO, `--user-data-dir=${userData}`],
      // PERKDESK_DB: src/main/paths.ts puts the store there instead of the user-data folder.
      env: { ...process.env, PERKDESK_DB: join(userData, 'perkdesk.sqlite') },
    });
    const window = await app.firstWindow();
    await stubPrinting(app);
    await use(window);
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  },
});

/**
 * The member card's Print calls `webContents.print` (src/main/shell-services.ts), which
 * opens the OS print dialog: under test nothing may wait on a dialog nobody closes. In
 * main, every window's print is replaced by one that records its options and reports
 * success at once, as a printed page would.
 */
async function stubPrinting(app: ElectronApplication): Promise<void> {
  await app.evaluate(({ BrowserWindow }) => {
    const store = globalThis as unknown as { __perkdeskPrints: unknown[] };
    store.__perkdeskPrints = [];
    for (const w of BrowserWindow.getAllWindows()) {
      const contents = w.webContents;
      contents.print = ((options: unknown, callback?: (success: boolean, failureReason: string) => void) => {
        store.__perkdeskPrints.push(options ?? {});
        callback?.(true, '');
      }) as typeof contents.print;
    }
  });
}

// ---------------------------------------------------------------- helpers

export function nav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main' });
}

/** Opens a page from the navigation by its English label. */
export async function goTo(page: Page, label: string): Promise<void> {
  await nav(page).getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
}

/** First run: creates the owner, returns the recovery key shown once, confirms it. */
export async function completeFirstRun(page: Page, owner: StaffCredentials = OWNER): Promise<string> {
  await expect(page.getByRole('heading', { name: 'Welcome to PerkDesk' })).toBeVisible();
  await page.getByLabel('User name').fill(owner.username);
  await page.getByLabel('Display name').fill(owner.displayName);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByLabel('Confirm password').fill(owner.password);
  await page.getByRole('button', { name: 'Create owner account' }).click();
  const key = page.getByRole('note', { name: 'Recovery key' });
  await expect(key).toBeVisible();
  const recoveryKey = (await key.textContent())!.trim();
  await page.getByLabel('I have written it down').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  return recoveryKey;
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs in and waits for the shell (the counter is the default page). */
export async function signInAs(page: Page, who: StaffCredentials): Promise<void> {
  await signIn(page, who.username, who.password);
  await expect(nav(page)).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('contentinfo', { name: 'Status' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/** Fresh database → owner created → signed in as the owner. Returns the recovery key. */
export async function setupOwnerAndSignIn(page: Page, owner: StaffCredentials = OWNER): Promise<string> {
  const key = await completeFirstRun(page, owner);
  await signInAs(page, owner);
  return key;
}

/** Adds a staff member through the Staff page (the signed-in user must be a manager or owner). */
export async function createStaff(
  page: Page,
  who: StaffCredentials & { role: 'cashier' | 'manager' } = { ...CASHIER, role: 'cashier' },
): Promise<void> {
  await goTo(page, 'Staff');
  const form = page.getByRole('form', { name: 'Add a staff member' });
  await form.getByLabel('User name').fill(who.username);
  await form.getByLabel('Display name').fill(who.displayName);
  await form.getByLabel('Role').selectOption(who.role);
  await form.getByLabel('Initial password').fill(who.password);
  await form.getByRole('button', { name: 'Add staff member' }).click();
  await expect(form.getByRole('status')).toHaveText(`${who.username} was added.`);
  await expect(
    page.getByRole('table', { name: 'Staff members' }).getByRole('cell', { name: who.username, exact: true }),
  ).toBeVisible();
}

/**
 * Owner + the given staff, leaving the page on the sign-in screen; returns the owner's
 * recovery key. With the test host
 * they are seeded straight through the dispatcher (fast); under Electron through the UI.
 */
export async function seedStaff(
  page: Page,
  host: AppUnderTest,
  staff: (StaffCredentials & { role: 'cashier' | 'manager' })[] = [{ ...CASHIER, role: 'cashier' }],
): Promise<{ recoveryKey: string }> {
  const h = host.testHost;
  if (!h) {
    const recoveryKey = await setupOwnerAndSignIn(page);
    for (const s of staff) await createStaff(page, s);
    await signOut(page);
    return { recoveryKey };
  }
  const { recoveryKey } = await must(h.call('auth:setupOwner', OWNER));
  const { token } = await must(h.call('auth:signIn', { username: OWNER.username, password: OWNER.password }));
  for (const s of staff) await must(h.call('staff:create', s, token));
  await must(h.call('auth:signOut', {}, token));
  await page.reload();
  return { recoveryKey };
}

async function must<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The signed-in staff member's opaque token, as the page last sent it (test host bridge). */
export async function currentToken(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      (globalThis as unknown as { __perkdeskTest?: { lastToken(): string | null } }).__perkdeskTest?.lastToken() ??
      null,
  );
}

/**
 * A direct call from the page through `window.perkdesk`, as a hostile or buggy renderer
 * could make it. The token defaults to the page's current one (test-host bridge only).
 */
export async function invokeFromPage<C extends ChannelName>(
  page: Page,
  channel: C,
  input: InputOf<C>,
  token?: string | null,
): Promise<Result<OutputOf<C>>> {
  const tok = token === undefined ? await currentToken(page) : token;
  return page.evaluate(
    ([ch, t, inp]) =>
      (globalThis as unknown as { perkdesk: { invoke(c: string, e: unknown): Promise<unknown> } }).perkdesk.invoke(ch, {
        token: t,
        input: inp,
      }),
    [channel, tok, input] as const,
  ) as Promise<Result<OutputOf<C>>>;
}

/**
 * The signed-in staff member's token: from the test-host bridge, or (Electron, where
 * the renderer never exposes it) a fresh session for the same credentials.
 */
export async function tokenFor(page: Page, who: StaffCredentials): Promise<string> {
  const current = await currentToken(page);
  if (current) return current;
  const r = await invokeFromPage(page, 'auth:signIn', { username: who.username, password: who.password }, null);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value.token;
}

/** Saves a full-page screenshot as `<SCREENSHOT_DIR>/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}
