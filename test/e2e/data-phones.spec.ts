/**
 * Issue 9 item 19: phone numbers in exports. The Data page says how they are written; a
 * full export's members.csv, read by csv-parse, has the exact E.164 value in `phone` and
 * the spreadsheet-safe tel: form in `phone_tel` (no apostrophe anywhere); that very file,
 * picked in Import, reads back as the members it came from (no duplicates created).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { test, expect, goTo, seedStaff, signInAs, MANAGER } from './fixtures';
import { storeAs } from './counter-helpers';

test('exports: phone is exact E.164 for programs, phone_tel text for spreadsheets, and import reads the file back', async ({
  page,
  host,
}) => {
  test.skip(!host.testHost, 'Reads the export folder and the store through the test host');
  await seedStaff(page, host, [{ ...MANAGER, role: 'manager' }]);
  const store = await storeAs(host);
  await store('members:register', { name: 'Li Wei', phone: '138 0013 8000' });
  await store('members:register', { name: 'Pat, O’Brien', phone: '+44 20 7946 0958' });
  const dir = mkdtempSync(join(tmpdir(), 'perkdesk-e2e-phones-'));

  await signInAs(page, MANAGER);
  await goTo(page, 'Data');
  await expect(page.getByText(/^Phone numbers: the “phone” column is the exact international number/)).toBeVisible();
  await page.getByLabel('Export folder').fill(dir);
  await page.getByLabel('Add a byte order mark to CSV (Excel shows Chinese correctly)').check();
  await page.getByRole('button', { name: 'Save export settings' }).click();
  await expect(page.getByText('Export settings saved. The folder is writable.')).toBeVisible();
  await page.getByRole('button', { name: 'Full export now' }).click();
  await expect(page.getByText(/Export written to/)).toBeVisible();

  const [folder] = readdirSync(dir);
  const csv = readFileSync(join(dir, folder, 'members.csv'));
  const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
  expect(rows.map((r) => [r.name, r.phone, r.phone_tel]).sort()).toEqual(
    [
      ['Li Wei', '+8613800138000', 'tel:+8613800138000'],
      ['Pat, O’Brien', '+442079460958', 'tel:+442079460958'],
    ].sort(),
  );
  expect(csv.toString('utf8')).not.toContain("'+");

  // The exported file itself, imported: both rows read, both already members.
  await page.getByLabel('CSV file').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: csv });
  await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
  await expect(
    page.getByText('Check: 2 rows — 0 new, 2 already members, 0 with problems. Nothing was saved.'),
  ).toBeVisible();
  await expect(page.getByLabel('Column for Phone')).toHaveValue('phone');
  expect((await store('members:list', {})).rows).toHaveLength(2);
});
