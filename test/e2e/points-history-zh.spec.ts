/**
 * Issue 15 item 3 / issue 9 item 10: Chinese history from stored facts. A store whose
 * history was written by schema version 5 (English explanation text) is opened by this
 * build — migration 006 turns every row into facts — then a manager awards and refunds
 * in English, switches the store to Chinese, and the history reads in Chinese for the
 * entries made before the migration and after it, with the arithmetic that adds up.
 * Test host only: it seeds the v5 database file before the core opens it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, MANAGER, OWNER, goTo, screenshot, signInAs, type AppUnderTest } from './fixtures';
import { startTestHost, type TestHost } from '../host/server';
import { openDatabase } from '../../src/main/core/db/open-database';
import { migrate } from '../../src/main/core/db/migrate';
import { V5, seedV5Rows } from '../core/migrations/006-v5-rows';
import type { Result } from '../../src/shared/errors';

/** A version-5 store file with Lin Mei's history in it (see 006-v5-rows.ts). */
function v5StoreFile(): { dir: string; dbPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pd-e2e-v5-'));
  const dbPath = join(dir, 'perkdesk.sqlite');
  const db = openDatabase(dbPath);
  migrate(db, { to: 5 });
  db.transaction(() => seedV5Rows(db))();
  db.close();
  return { dir, dbPath };
}

async function must<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function openMember(page: Page, name: string, heading: string = name) {
  await page.keyboard.press('F2');
  const box = page.getByRole('combobox');
  await box.fill(name);
  await expect(page.getByRole('option')).toHaveCount(1);
  await box.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('history in Chinese: entries from before the migration and after it, from stored facts', async ({
  page,
  host,
}) => {
  test.skip(!host.testHost, 'seeds a version-5 database file, which only the test host can open');
  const { dir, dbPath } = v5StoreFile();
  let h: TestHost | null = null;
  try {
    h = await startTestHost({ dbPath });
    await must(h.call('auth:setupOwner', OWNER));
    const { token } = await must(h.call('auth:signIn', { username: OWNER.username, password: OWNER.password }));
    await must(h.call('staff:create', { ...MANAGER, role: 'manager' }, token));
    await must(h.call('auth:signOut', {}, token));
    const app: AppUnderTest = { target: 'host', url: h.url, testHost: h, advanceClock: (ms) => h!.advanceClock(ms) };
    await page.goto(app.url);
    await signInAs(page, MANAGER);

    // ---- In English: the migrated history, then a new award and its refund.
    await openMember(page, V5.members.lin.name);
    const counter = page.getByRole('region', { name: 'Points actions' });
    await expect(counter.getByLabel('Balance 283 pts')).toBeVisible(); // the v5 balance, unchanged
    const award = counter.getByRole('tabpanel', { name: /Award/ });
    await award.getByLabel('Amount spent').fill('12.50');
    await award.getByLabel('Receipt number').fill('NEW-1');
    await award.getByLabel('Receipt number').press('Enter');
    const result = award.getByRole('status', { name: 'Award result' });
    await expect(result.locator('.result-big')).toHaveText('+18 pts');
    // The exact 18.75 is shown before the one rounding: the line adds up.
    await expect(result).toContainText('¥12.50 × 1 pt/¥1 = 12.5, Gold ×1.5 = 18.75 → 18 pts (rounded down)');

    await page.keyboard.press('Alt+f');
    const refund = counter.getByRole('tabpanel', { name: /Refund/ });
    await refund.getByLabel('Receipt number to refund').fill('NEW-1');
    await refund.getByLabel('Receipt number to refund').press('Enter');
    await refund.getByRole('button', { name: 'Refund everything left' }).click();
    const refunded = refund.getByRole('status', { name: 'Refund result' });
    await expect(refunded.locator('.result-big')).toHaveText('-18 pts');
    await expect(refunded).toContainText('Returned 1 × line 1 (¥12.50): -18 pts earned');

    await page.keyboard.press('Alt+h');
    const enRows = counter.getByRole('table', { name: 'Points history' }).getByRole('row');
    await expect(enRows).toHaveCount(1 + 14);
    await expect(enRows.nth(2)).toContainText('¥12.50 × 1 pt/¥1 = 12.5, Gold ×1.5 = 18.75 → 18 pts');
    await expect(enRows.nth(14)).toContainText(
      '¥105.00 × 1 pt/¥1 = 105, Gold ×1.5 = 157.5 → 157 pts (rounded down) · receipt OLD-1',
    );
    await page.keyboard.press('Escape');

    // ---- The store switches to Chinese.
    await goTo(page, 'Settings');
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name: '收银台' }).click();
    await openMember(page, V5.members.lin.name);
    const zhCounter = page.getByRole('region', { name: '积分操作' });
    await expect(zhCounter.getByLabel('余额 283 积分')).toBeVisible();
    await page.keyboard.press('Alt+h');
    const table = zhCounter.getByRole('table', { name: '积分记录' });
    const rows = table.getByRole('row');
    await expect(rows).toHaveCount(1 + 14);
    const details = table.locator('td.details');
    // Newest first: the refund and award made today, then every migrated v5 entry.
    await expect(details).toHaveText([
      '退货 第 1 行 × 1（¥12.50）：扣回所得 -18 积分 · 小票 NEW-1',
      '¥12.50 × 1 积分/¥1 = 12.5，Gold ×1.5 = 18.75 → 18 积分（向下取整） · 小票 NEW-1',
      '40 积分已过期（获得于 2026年1月8日）',
      '经理调整 +40 积分：Welcome gift',
      '经理调整 +10 积分：Goodwill: long queue',
      '撤销兑换 Free coffee：退回 +100 积分 · Wrong member',
      '兑换 Free coffee（券码 ABCD-EFGH-JKLM），使用 100 积分',
      '退货 第 1 行 × 1（¥98.00）：扣回所得 -147 积分，退还抵扣所用 +200 积分 · 小票 OLD-3',
      '退货 第 1 行 × 1：退还抵扣所用 +200 积分 · 小票 OLD-3',
      '退货 第 1 行 × 1（¥5.00）：扣回所得 -21 积分 · 小票 OLD-2',
      '¥98.00 × 1 积分/¥1 = 98，Gold ×1.5 = 147 积分（¥2.00 由 200 积分抵扣） · 小票 OLD-3',
      '用 200 积分抵扣 ¥100.00 中的 ¥2.00 · 小票 OLD-3',
      '(¥10.00 drinks ×2 + ¥3.00 货号 COLA-1 ×3 + ¥4.50 Double snacks ×2 + ¥20.00) × 1 积分/¥1 = 58，' +
        'Gold ×1.5 = 87，Opening bonus +50 → 137 积分 · 小票 OLD-2',
      '¥105.00 × 1 积分/¥1 = 105，Gold ×1.5 = 157.5 → 157 积分（向下取整） · 小票 OLD-1',
    ]);
    // No English left in the 说明 column (names people typed stay as typed).
    for (const text of await details.allTextContents()) {
      expect(text).not.toMatch(/\bpts?\b|receipt|Returned|Redeemed|Manager adjustment|expired|rounded/);
    }
    await expect(rows.nth(14)).toContainText('+157 积分');
    // The old purchase's own view reads in Chinese too.
    await page.keyboard.press('Alt+f');
    const zhRefund = zhCounter.getByRole('tabpanel', { name: /退货/ });
    await zhRefund.getByRole('button', { name: '打开小票 OLD-1' }).click();
    await expect(zhRefund.getByRole('region', { name: '小票 OLD-1' })).toContainText(
      '¥105.00 × 1 积分/¥1 = 105，Gold ×1.5 = 157.5 → 157 积分（向下取整）',
    );
    await page.keyboard.press('Alt+h');
    await expect(table).toBeVisible();
    await screenshot(page, 'points-10-history-zh-CN');
  } finally {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
