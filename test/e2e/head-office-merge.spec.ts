/**
 * Merging a duplicate registration from the head office page (issue 12), in real Chromium
 * against the real service on a throwaway PostgreSQL cluster: two stores registered the
 * same customer; the page's member search finds both by phone, the merge asks first
 * (Cancel focused, the member to keep chosen, a reason required), a double press merges
 * once, the duplicate's points move to the member kept, and head office's trail says so —
 * in English and Chinese. What was recorded is read back from head office's database.
 */
import { test, expect, screenshot } from './fixtures';
import { ensureHeadOfficePage, must, startHeadOffice } from './chain-helpers';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';
import { chainCardNumber, createSyncClient, type PushOp } from '../../src/shared/sync';
import { newId } from '../../src/server/ids';

let cluster: PgCluster;
test.beforeAll(async () => {
  await ensureHeadOfficePage();
  cluster = await startPgCluster({ prefix: 'perkdesk-pg-e2e-ho-merge-' });
});
test.afterAll(() => cluster?.stop());

const PHONE = '+8613800000001';
const KEPT_CARD = chainCardNumber(101, '29');
const DUPE_CARD = chainCardNumber(102, '29');

test('the head office page merges a duplicate registration once, after asking — recorded, in English and Chinese', async ({
  page,
}) => {
  const ho = await startHeadOffice(cluster, 'ho_e2e_merge');
  try {
    // Two stores each registered Wang Fang (the terminals' pushes, as they send them).
    const ids = { kept: newId(), dupe: newId() };
    for (const [store, memberId, cardNumber, points] of [
      ['North', ids.kept, KEPT_CARD, 120],
      ['South', ids.dupe, DUPE_CARD, 40],
    ] as const) {
      const { codes } = await ho.createStore(store, 1);
      const joined = await must(
        createSyncClient({ baseUrl: ho.service.url }).call('enrol:join', {
          code: codes[0]!,
          terminalId: crypto.randomUUID(),
          name: `${store} till`,
        }),
      );
      const till = createSyncClient({ baseUrl: ho.service.url, credential: joined.credential }).call;
      const at = Date.now();
      const ops: PushOp[] = [
        {
          seq: 1,
          opId: crypto.randomUUID(),
          at,
          staff: null,
          kind: 'member.register',
          payload: {
            memberId,
            cardNumber,
            name: 'Wang Fang',
            phone: PHONE,
            email: null,
            birthday: null,
            marketingConsent: false,
            active: true,
          },
        },
        {
          seq: 2,
          opId: crypto.randomUUID(),
          at,
          staff: null,
          kind: 'points.award',
          payload: {
            member: { memberId },
            purchaseId: newId(),
            receiptNo: `${store}-1`,
            totalMinor: points * 100,
            paidMinor: points * 100,
            pointsUsed: 0,
            headOfficeRuleVersion: null,
            tierName: null,
            lines: [{ sku: null, category: null, amountMinor: points * 100 }],
            entries: [{ entryId: newId(), kind: 'earn', points }],
          },
        },
      ];
      await must(till('sync:push', { ops }));
    }
    const balance = async (id: string) =>
      (await ho.service.pool.query('SELECT balance::int AS b FROM balances WHERE member_id = $1', [id])).rows[0].b;

    await page.goto(`${ho.service.url}/admin/`);
    await page.getByLabel('Admin token').fill(ho.adminToken);
    await page.getByRole('button', { name: 'Open' }).click();
    const search = page.getByRole('region', { name: 'Member search' });
    await search.getByRole('searchbox', { name: 'Card, phone or name' }).fill('13800000001');
    await search.getByRole('button', { name: 'Search' }).click();
    const found = page.getByRole('table', { name: 'Members found' });
    await expect(found.getByRole('row')).toHaveCount(3);

    // Asks first; Cancel is the default and changes nothing.
    await found.getByRole('button', { name: `Merge card ${DUPE_CARD} into another member…` }).click();
    const dialog = page.getByRole('dialog', { name: `Merge card ${DUPE_CARD} into another member?` });
    await expect(dialog).toContainText(
      `Card ${DUPE_CARD} (Wang Fang) is a duplicate registration: its points (40 pts)`,
    );
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(await balance(ids.dupe)).toBe(40);

    // The member to keep and a reason first; then a double press merges once.
    await found.getByRole('button', { name: `Merge card ${DUPE_CARD} into another member…` }).click();
    const merge = dialog.getByRole('button', { name: 'Merge', exact: true });
    await expect(merge).toBeDisabled();
    await dialog.getByRole('radio', { name: `Keep card ${KEPT_CARD} · Wang Fang · 120 pts` }).check();
    const confirm = dialog.getByRole('button', { name: `Merge card ${DUPE_CARD} into card ${KEPT_CARD}` });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Reason (at least 3 characters)').fill('Registered at both stores');
    await screenshot(page, 'head-office-merge-confirm');
    await confirm.dblclick();
    await expect(dialog).toBeHidden();
    await expect(search.getByRole('status')).toHaveText(
      `Card ${DUPE_CARD} merged into card ${KEPT_CARD}: 40 pts moved. Balance now 160 pts.`,
    );
    await expect(found.getByRole('row')).toHaveCount(2);
    await expect(found.getByRole('row').nth(1)).toContainText(KEPT_CARD);
    expect(await balance(ids.kept)).toBe(160);
    expect(await balance(ids.dupe)).toBe(0);
    const merges = await ho.service.pool.query(
      'SELECT merged_id, survivor_id, moved_points::int AS p, reason FROM member_merges',
    );
    expect(merges.rows).toEqual([
      { merged_id: ids.dupe, survivor_id: ids.kept, p: 40, reason: 'Registered at both stores' },
    ]);

    // Head office's trail, in English and Chinese.
    const trail = page.getByRole('table', { name: 'Head office actions', exact: true });
    await expect(trail.getByRole('row').nth(1)).toHaveText(
      new RegExp(`Card ${DUPE_CARD} merged into card ${KEPT_CARD} \\(40 pts moved\\): Registered at both stores$`),
    );
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    const zhTrail = page.getByRole('table', { name: '总部操作记录', exact: true });
    await expect(zhTrail.getByRole('row').nth(1)).toContainText(
      `卡号 ${DUPE_CARD} 已合并到卡号 ${KEPT_CARD}（转移 40 积分）：Registered at both stores`,
    );
    await expect(page.getByRole('table', { name: '查到的会员' })).toBeVisible();
    await expect(page.getByRole('button', { name: `将卡号 ${KEPT_CARD} 合并到另一位会员…` })).toBeVisible();
  } finally {
    await ho.close().catch(() => undefined);
  }
});
