/**
 * Managing the chain from the head office page (issue 12), in real Chromium against the
 * real service on a throwaway PostgreSQL cluster: a new store, an enrolment code shown
 * once and typed at the test host's real terminal, a chain-wide member search paged 50 at a
 * time, revoking that terminal after a
 * confirmation (a double press revokes once) — the terminal is refused from then on —
 * and head office's own trail of all three, in English and Chinese.
 */
import type { Page } from '@playwright/test';
import { test, expect, OWNER, screenshot } from './fixtures';
import { ensureHeadOfficePage, must, startHeadOffice } from './chain-helpers';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';

let cluster: PgCluster;
test.beforeAll(async () => {
  await ensureHeadOfficePage();
  cluster = await startPgCluster({ prefix: 'perkdesk-pg-e2e-ho-manage-' });
});
test.afterAll(() => cluster?.stop());

const row = (page: Page, table: string, name: string | RegExp) =>
  page.getByRole('table', { name: table, exact: true }).getByRole('row').filter({ hasText: name });

test('the head office page adds a store, issues its enrolment code once, revokes a terminal — recorded, in English and Chinese', async ({
  page,
  host,
}) => {
  test.skip(!host.testHost, 'Starts a head office beside the test host');
  const h = host.testHost!;
  const ho = await startHeadOffice(cluster, 'ho_e2e_manage');
  try {
    await page.goto(`${ho.service.url}/admin/`);
    await page.getByLabel('Admin token').fill(ho.adminToken);
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'PerkDesk head office' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Head office actions' })).toContainText(
      'Nothing done at head office yet.',
    );

    // A new store: typed and added (the button waits for a name).
    const add = page.getByRole('form', { name: 'Add store' });
    await expect(add.getByRole('button', { name: 'Add store' })).toBeDisabled();
    await add.getByLabel("New store's name").fill('  East  ');
    await add.getByRole('button', { name: 'Add store' }).click();
    await expect(row(page, 'Stores', 'East').getByRole('cell')).toHaveText(['0', '0', 'Enrolment code']);
    await expect(add.getByLabel("New store's name")).toHaveValue('');

    // Its enrolment code, shown once, typed at the terminal.
    await page.getByRole('button', { name: 'Enrolment code for East' }).click();
    const issued = page.getByRole('status').filter({ hasText: 'Enrolment code for East, valid once until' });
    await expect(issued).toContainText('it is not shown again');
    const code = (await issued.getByLabel('Enrolment code').textContent())!.trim();
    expect(code.length).toBeGreaterThan(6);
    await screenshot(page, 'head-office-code-issued');

    await must(h.call('auth:setupOwner', OWNER));
    const { token } = await must(h.call('auth:signIn', { username: OWNER.username, password: OWNER.password }));
    await must(h.call('sync:enrol', { serverUrl: ho.service.url, code, name: 'East till' }, token));
    expect(await h.call('sync:now', {}, token)).toMatchObject({ ok: true, value: { ok: true } });
    // Head office now knows the one terminal it let in.
    const again = await ho.admin('admin:listTerminals', {});
    expect(again.ok && again.value.map((t) => t.name)).toEqual(['East till']);

    // 55 members registered there: the chain-wide search shows 50, then the rest on asking.
    for (let i = 0; i < 55; i++) {
      const name = `Zhao ${String(i).padStart(2, '0')}`;
      await must(h.call('members:register', { name, email: `zhao${i}@example.com` }, token));
    }
    expect(await h.call('sync:now', {}, token)).toMatchObject({ ok: true, value: { ok: true } });
    const search = page.getByRole('region', { name: 'Member search' });
    await search.getByRole('searchbox', { name: 'Card, phone or name' }).fill('zhao');
    await search.getByRole('button', { name: 'Search' }).click();
    const found = page.getByRole('table', { name: 'Members found' });
    await expect(found.getByRole('row')).toHaveCount(51);
    await search.getByRole('button', { name: 'Show more (first 50 shown)' }).click();
    await expect(found.getByRole('row')).toHaveCount(56);
    await expect(found.getByRole('row').last()).toContainText('Zhao 54');
    await expect(search.getByRole('button', { name: /Show more/ })).toHaveCount(0);

    await page.getByRole('button', { name: 'Refresh' }).click();
    const till = row(page, 'Terminals', 'East till');
    await expect(till).toContainText('Online');

    // Revoke asks first, naming the terminal and its store; keeping it changes nothing.
    await till.getByRole('button', { name: 'Revoke East till…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke East till?' });
    await expect(dialog).toContainText('East till of East is refused by head office from its next request on');
    await expect(dialog.getByRole('button', { name: 'Keep it' })).toBeFocused();
    await screenshot(page, 'head-office-revoke-confirm');
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await expect(dialog).toBeHidden();
    await expect(till).toContainText('Online');

    await till.getByRole('button', { name: 'Revoke East till…' }).click();
    await dialog.getByRole('button', { name: 'Revoke East till' }).dblclick();
    await expect(dialog).toBeHidden();
    await expect(till).toContainText('Revoked');
    await expect(till.getByRole('button')).toHaveCount(0);

    // The terminal is refused from its next request on.
    await h.call('sync:now', {}, token);
    expect(await must(h.call('sync:status', {}, token))).toMatchObject({ revoked: true, online: false });

    // Head office's trail: each action once, newest first.
    const trail = page.getByRole('table', { name: 'Head office actions', exact: true });
    await expect(trail.getByRole('row')).toHaveCount(4);
    await expect(trail.getByRole('row').nth(1)).toContainText('Terminal East till of East revoked');
    await expect(trail.getByRole('row').nth(2)).toContainText('Enrolment code issued for East (valid until');
    await expect(trail.getByRole('row').nth(3)).toContainText('Store East created');
    await expect(trail).not.toContainText(code);
    await screenshot(page, 'head-office-actions');

    // In Chinese.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    const zhTrail = page.getByRole('table', { name: '总部操作记录', exact: true });
    await expect(zhTrail.getByRole('row').nth(1)).toContainText('已吊销 East 的终端 East till');
    await expect(zhTrail.getByRole('row').nth(3)).toContainText('已创建门店 East');
    await expect(row(page, '终端', 'East till')).toContainText('已吊销');
    await page.getByRole('button', { name: '为 East 生成登记码' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'East 的登记码，仅可使用一次' })).toContainText(
      '此码不会再次显示',
    );
    await expect(zhTrail.getByRole('row')).toHaveCount(5);
    await screenshot(page, 'head-office-actions-zh');
  } finally {
    await ho.close().catch(() => undefined);
  }
});
