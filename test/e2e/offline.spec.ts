import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import {
  test,
  expect,
  goTo,
  seedStaff,
  signInAs,
  screenshot,
  OWNER,
  MANAGER,
  CASHIER,
  type AppUnderTest,
} from './fixtures';
import type { TestHost } from '../host/server';
import { formatMoney } from '../../src/renderer/src/lib/money';

/**
 * Issue 5 end to end, in Chromium against the real core (test host):
 * - export: configure a folder in the UI, run an export, then read what landed on disk
 *   with an independent CSV reader (papaparse) and compare with the database;
 * - backup → change data → restore from the UI → the data is as at the backup;
 * - the reports page shows its chart and the liability figure.
 */

async function must<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Members, purchases and a redemption through the real channels. */
async function seedActivity(h: TestHost) {
  const manager = (await must(h.call('auth:signIn', { username: MANAGER.username, password: MANAGER.password }))).token;
  const cashier = (await must(h.call('auth:signIn', { username: CASHIER.username, password: CASHIER.password }))).token;
  const names = ['Li Wei', '王芳', 'O\'Brien, "Pat"', '=cmd|calc'];
  const ids: string[] = [];
  for (const [i, name] of names.entries()) {
    const m = await must(h.call('members:register', { name, phone: `1380013${String(8000 + i)}` }, cashier));
    ids.push(m.id);
    for (let p = 1; p <= 2; p++) {
      await must(
        h.call(
          'points:award',
          { opId: randomUUID(), memberId: m.id, receiptNo: `E2E-${i}-${p}`, totalMinor: 5_000 * p + i },
          cashier,
        ),
      );
    }
  }
  const reward = await must(h.call('rewards:create', { name: 'Free coffee', kind: 'goods', costPoints: 100 }, manager));
  await must(h.call('rewards:redeem', { opId: randomUUID(), memberId: ids[1], rewardId: reward.id }, cashier));
  await must(h.call('auth:signOut', {}, manager));
  await must(h.call('auth:signOut', {}, cashier));
  return ids;
}

function hostOf(host: AppUnderTest): TestHost {
  test.skip(!host.testHost, 'needs the test host (reads the database directly)');
  return host.testHost!;
}

const readCsv = (path: string) => {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
};

test('export: folder configured in the UI, files verified by an independent reader against the database', async ({
  page,
  host,
}) => {
  const h = hostOf(host);
  await seedStaff(page, host, [
    { ...MANAGER, role: 'manager' },
    { ...CASHIER, role: 'cashier' },
  ]);
  await seedActivity(h);
  const dir = mkdtempSync(join(tmpdir(), 'perkdesk-e2e-export-'));
  await signInAs(page, MANAGER);
  await goTo(page, 'Data');
  await page.getByLabel('Export folder').fill(dir);
  await page.getByLabel('Add a byte order mark to CSV (Excel shows Chinese correctly)').check();
  await page.getByRole('button', { name: 'Save export settings' }).click();
  await expect(page.getByText('Export settings saved. The folder is writable.')).toBeVisible();
  await page.getByRole('button', { name: 'Full export now' }).click();
  await expect(page.getByText(/Export written to/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Recent exports' }).getByRole('cell', { name: /^OK: / })).toBeVisible();
  await screenshot(page, 'data-export');

  // The independent reader: only the folder on disk and the database file.
  const folders = readdirSync(dir);
  expect(folders).toHaveLength(1);
  const folder = join(dir, folders[0]);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as {
    terminalId: string;
    formatVersion: number;
    files: { path: string; rows: number; sha256: string; bytes: number }[];
  };
  expect(manifest.formatVersion).toBe(1);
  expect(manifest.terminalId).toBe(h.core.terminalId);
  // Every file in the folder is listed (so the loop below checks each of them).
  expect(manifest.files.map((f) => f.path).sort()).toEqual(
    readdirSync(folder)
      .filter((f) => f !== 'manifest.json')
      .sort(),
  );
  expect(manifest.files.map((f) => f.path)).toContain('ledger.csv');
  for (const f of manifest.files) {
    const bytes = readFileSync(join(folder, f.path));
    expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
    expect(bytes.length).toBe(f.bytes);
  }
  const db = h.core.db;
  const ledger = readCsv(join(folder, 'ledger.csv'));
  const dbLedger = db.prepare('SELECT count(*) AS n, sum(points) AS s FROM points_ledger').get() as {
    n: number;
    s: number;
  };
  expect(ledger.length).toBe(dbLedger.n);
  expect(manifest.files.find((f) => f.path === 'ledger.csv')!.rows).toBe(dbLedger.n);
  expect(ledger.reduce((s, r) => s + Number(r.points), 0)).toBe(dbLedger.s);
  const purchases = readCsv(join(folder, 'purchases.csv'));
  const dbSpend = db.prepare('SELECT count(*) AS n, sum(paid_minor) AS s FROM points_purchases').get() as {
    n: number;
    s: number;
  };
  expect(purchases.length).toBe(dbSpend.n);
  expect(purchases.reduce((s, r) => s + Number(r.paid_minor), 0)).toBe(dbSpend.s);
  const members = readCsv(join(folder, 'members.csv'));
  expect(members.map((m) => m.name).sort()).toEqual(["'=cmd|calc", 'Li Wei', 'O\'Brien, "Pat"', '王芳'].sort());
  const redemptions = readCsv(join(folder, 'redemptions.csv'));
  expect(redemptions.map((r) => r.reward_name)).toEqual(['Free coffee']);
  // The same ledger in JSON Lines.
  const jsonl = readFileSync(join(folder, 'ledger.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { points: number });
  expect(jsonl.reduce((s, r) => s + r.points, 0)).toBe(dbLedger.s);
});

test('backup, change data, restore from the UI: the data is as at the backup', async ({ page, host }) => {
  const h = hostOf(host);
  await seedStaff(page, host, [
    { ...MANAGER, role: 'manager' },
    { ...CASHIER, role: 'cashier' },
  ]);
  await seedActivity(h);
  const count = () => h.core.db.prepare('SELECT count(*) FROM members').pluck().get() as number;
  expect(count()).toBe(4);
  await signInAs(page, OWNER);
  await goTo(page, 'Data');
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText(/made and verified/)).toBeVisible();

  // Change the data after the backup.
  const owner = (await must(h.call('auth:signIn', { username: OWNER.username, password: OWNER.password }))).token;
  await must(h.call('members:register', { name: 'After Backup', phone: '13900139999' }, owner));
  expect(count()).toBe(5);

  const table = page.getByRole('table', { name: 'Backups' });
  await table
    .getByRole('button', { name: /^Restore / })
    .first()
    .click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('A safety backup of today’s data is made first.');
  await dialog.getByRole('button', { name: 'Yes, restore this backup' }).click();
  await expect(
    page.getByText(/^Restored perkdesk-manual-.*A safety backup was saved as perkdesk-pre-restore-/),
  ).toBeVisible();
  expect(count()).toBe(4);
  expect(h.core.db.prepare("SELECT count(*) FROM members WHERE name = 'After Backup'").pluck().get()).toBe(0);
  // The safety backup of the changed state is listed too.
  await expect(table.getByRole('cell', { name: 'Before a restore' })).toBeVisible();
  // The app keeps working on the restored data (the owner is still signed in).
  await goTo(page, 'Reports');
});

test('reports: chart and liability figure', async ({ page, host }) => {
  const h = hostOf(host);
  await seedStaff(page, host, [
    { ...MANAGER, role: 'manager' },
    { ...CASHIER, role: 'cashier' },
  ]);
  await seedActivity(h);
  await signInAs(page, MANAGER);
  await goTo(page, 'Reports');
  const chart = page.getByRole('img', { name: 'Points issued, redeemed, expired and adjusted' });
  await expect(chart).toBeVisible();
  const box = await chart.boundingBox();
  expect(box!.width).toBeGreaterThan(100);
  // Liability = outstanding points × b (default b: ¥0.01 per point), from the database.
  const outstanding = h.core.db
    .prepare('SELECT sum(balance) FROM points_balances WHERE balance > 0')
    .pluck()
    .get() as number;
  const expected = formatMoney(outstanding, 'CNY', 'en-US', 2); // b = 1 minor unit per point
  await expect(page.getByTestId('liability')).toHaveText(expected);
  await expect(page.getByTestId('outstanding-points')).toHaveText(outstanding.toLocaleString('en'));
  await screenshot(page, 'reports');
  // Today's purchases are in the summary.
  await expect(page.getByRole('definition').first()).toHaveText('8');
  // CSV download of a report.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download Summary as CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^perkdesk-summary-.*\.csv$/);
});

test('member import from CSV: dry run with per-row problems, import, re-import creates nobody', async ({
  page,
  host,
}) => {
  const h = hostOf(host);
  await seedStaff(page, host, [{ ...MANAGER, role: 'manager' }]);
  await signInAs(page, MANAGER);
  await goTo(page, 'Data');
  const csv = [
    '姓名,手机号,邮箱',
    '张伟,13800138001,zw@example.com',
    'Li Wei,+86 138 0013 8002,',
    '"=cmd|\' /C calc\'!A0",13800138003,',
  ].join('\r\n');
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
  await expect(
    page.getByText('Check: 3 rows — 2 new, 0 already members, 1 with problems. Nothing was saved.'),
  ).toBeVisible();
  await expect(page.getByLabel('Column for Name')).toHaveValue('姓名');
  await expect(page.getByRole('table', { name: 'Problem' })).toContainText('Looks like a spreadsheet formula');
  const members = () => h.core.db.prepare('SELECT count(*) FROM members').pluck().get() as number;
  expect(members()).toBe(0);
  await page.getByRole('button', { name: 'Import members' }).click();
  await expect(page.getByText('Imported: 2 new members, 0 already members skipped, 1 rows refused.')).toBeVisible();
  expect(members()).toBe(2);
  await page.getByRole('button', { name: 'Import members' }).click();
  await expect(page.getByText('Imported: 0 new members, 2 already members skipped, 1 rows refused.')).toBeVisible();
  expect(members()).toBe(2);
});
