/**
 * While the owner restores a backup the store refuses every call (core/write-gate.ts):
 * the cashier at the counter sees "Restore in progress", keeps what they typed, and the
 * same Enter works once the restore is over. The gate is held closed through the test
 * host, as a long restore would hold it.
 */
import { test, expect, CASHIER, invokeFromPage, seedStaff, signInAs, tokenFor } from './fixtures';
import { closeWrites, openWrites } from '../../src/main/core/write-gate';

const MEMBER = { name: 'Wu Lan', phone: '139 1234 5678' };

test('the counter shows "Restore in progress", keeps the typing, and awards once the restore is over', async ({
  page,
  host,
}) => {
  test.skip(!host.testHost, 'Holds the restore gate through the test host');
  await seedStaff(page, host);
  await signInAs(page, CASHIER);
  const registered = await invokeFromPage(page, 'members:register', MEMBER, await tokenFor(page, CASHIER));
  expect(registered.ok).toBe(true);
  const box = page.getByLabel('Find a member');
  await box.fill(MEMBER.name);
  await expect(page.getByRole('listbox', { name: 'Matching members' }).getByRole('option')).toHaveCount(1);
  await box.press('Enter');
  const award = page.getByRole('region', { name: 'Points actions' }).getByRole('tabpanel', { name: /Award/ });
  await award.getByLabel('Amount spent').fill('20.00');
  await award.getByLabel('Receipt number').fill('G-1');

  const config = host.testHost!.core.config;
  closeWrites(config, 'restoreInProgress');
  try {
    await award.getByLabel('Receipt number').press('Enter');
    await expect(award.getByRole('alert')).toContainText('Restore in progress');
    await expect(award.getByLabel('Amount spent')).toHaveValue('20.00');
    await expect(award.getByLabel('Receipt number')).toHaveValue('G-1');
  } finally {
    openWrites(config);
  }
  await award.getByLabel('Receipt number').press('Enter');
  await expect(award.getByRole('status', { name: 'Award result' }).locator('.result-big')).toHaveText('+20 pts');
});
