/**
 * Issue 11 items 4 and 7 end to end at 1024×768, by role and accessible name: a manager
 * sets a stamp-card goal (2 visits of at least ¥5 → a free coffee) and a promotion that
 * needs a SPRING promo code (+50 pts), previews and saves them, and generates two
 * single-use SPRING codes. The cashier's second purchase crosses the goal and the reward
 * appears by itself (in the result and on the member's card, usable); a purchase with a
 * code gets the bonus; the same code again is refused and nothing is awarded.
 */
import {
  test,
  expect,
  CASHIER,
  MANAGER,
  goTo,
  invokeFromPage,
  screenshot,
  seedStaff,
  signInAs,
  signOut,
  tokenFor,
} from './fixtures';

const MEMBER = { name: 'Lin Yue', phone: '139 8765 4321' };

test('goals and promo codes: a stamp card issues its reward by itself, a code gives its bonus once', async ({
  page,
  host,
}) => {
  await seedStaff(page, host, [
    { ...MANAGER, role: 'manager' },
    { ...CASHIER, role: 'cashier' },
  ]);
  await signInAs(page, MANAGER);
  const member = await invokeFromPage(page, 'members:register', MEMBER, await tokenFor(page, MANAGER));
  if (!member.ok) throw new Error(member.error.message);
  const today = await page.evaluate(() => {
    const d = new Date();
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  });
  const lastDay = `${new Date().getFullYear() + 1}-12-31`;

  await goTo(page, 'Points rules');
  const rules = page.getByRole('form', { name: 'Points rules' });
  // A stamp card: 2 visits of at least ¥5 → a free coffee.
  await rules.getByRole('button', { name: 'Add a goal' }).click();
  const goal = rules.getByRole('group', { name: 'Goal 1' });
  await goal.getByLabel('Goal name').fill('Coffee card');
  await goal.getByLabel('Counts').selectOption('visits');
  await goal.getByLabel('Stamps to the reward').fill('2');
  await goal.getByLabel('Minimum spend for a stamp').fill('5');
  await goal.getByLabel('Reward name').fill('Free coffee');
  await goal.getByLabel('Reward', { exact: true }).selectOption('freeItem');
  // A promotion only with a SPRING code: +50 pts.
  await rules.getByRole('button', { name: 'Add a promotion' }).click();
  const promo = rules.getByRole('group', { name: 'Promotion 1' });
  await promo.getByLabel('Promotion name').fill('Spring code');
  await promo.getByLabel('Kind').selectOption('bonus');
  await promo.getByLabel('Bonus points').fill('50');
  await promo.getByLabel('Promo code programme').fill('SPRING');
  await promo.getByLabel('First day').fill(today);
  await promo.getByLabel('Last day').fill(lastDay);
  await rules.getByRole('button', { name: 'Preview the effect' }).click();
  await expect(rules.getByText('No purchases yet to compare with.')).toBeVisible();
  await rules.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved version 2' })).toBeVisible();

  // Two single-use SPRING codes, generated.
  const codesForm = page.getByRole('form', { name: 'Create promo codes' });
  await codesForm.getByLabel('Promo code programme').fill('SPRING');
  await codesForm.getByLabel('Codes', { exact: true }).selectOption('generated');
  await codesForm.getByLabel('How many codes').fill('2');
  await codesForm.getByRole('button', { name: 'Create codes' }).click();
  const created = codesForm.getByRole('status').filter({ hasText: '2 codes created for SPRING' });
  await expect(created).toBeVisible();
  const code = /([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9])/.exec((await created.textContent()) ?? '')?.[1];
  expect(code).toBeTruthy();
  await expect(page.getByRole('table', { name: 'Promo code batches' }).getByRole('row')).toHaveCount(2);
  await screenshot(page, 'goals-01-rules');
  await signOut(page);

  // The cashier: the second visit crosses the goal and the reward appears by itself.
  await signInAs(page, CASHIER);
  await page.keyboard.press('F2');
  await page.getByLabel('Find a member').fill(MEMBER.name);
  await page.getByLabel('Find a member').press('Enter');
  const counter = page.getByRole('region', { name: 'Points actions' });
  const award = counter.getByRole('tabpanel', { name: /Award/ });
  const result = award.getByRole('status', { name: 'Award result' });
  const buy = async (amount: string, receipt: string, promoCode?: string) => {
    await award.getByLabel('Amount spent').fill(amount);
    await award.getByLabel('Receipt number').fill(receipt);
    if (promoCode !== undefined) await award.getByLabel('Promo code').fill(promoCode);
    await award.getByLabel('Receipt number').press('Enter');
  };
  await buy('6', 'G-1');
  await expect(result).toContainText('Coffee card: +1 stamp → 1 of 2');
  await buy('6', 'G-2');
  await expect(result).toContainText('Coffee card: +1 stamp → 2 of 2, 1 reward issued (Free coffee) → 0 of 2');
  await expect(result).toContainText('Reward issued: Free coffee');
  const card = page.getByRole('region', { name: 'Goals and rewards' });
  await expect(card.getByLabel('Coffee card progress')).toContainText('0 of 2');
  await expect(card.getByRole('button', { name: 'Use Free coffee' })).toBeVisible();
  await screenshot(page, 'goals-02-reward-issued');

  // A purchase with the code: 10 + 50 = 60 pts.
  await buy('10', 'G-3', code!.toLowerCase());
  await expect(result.locator('.result-big')).toHaveText('+60 pts');
  await expect(result).toContainText('Spring code +50');
  await expect(result).toContainText(`Promo code ${code} used.`);
  // The same code again: refused, nothing awarded, what was typed stays.
  await buy('10', 'G-4', code!);
  await expect(award.getByRole('alert')).toContainText('This promo code was already used and cannot be used again.');
  await expect(award.getByLabel('Receipt number')).toHaveValue('G-4');
  await expect(counter.getByLabel('Balance 72 pts')).toBeVisible();
  await screenshot(page, 'goals-03-code-refused');

  // The reward is used once.
  await card.getByRole('button', { name: 'Use Free coffee' }).click();
  await expect(card.getByRole('button', { name: 'Use Free coffee' })).toHaveCount(0);
  await expect(card.getByRole('list', { name: 'Rewards held' })).toContainText('used');
});

/**
 * A goal's voucher applied ON a purchase (points:award `voucherId`): an accumulator (¥10
 * spent → "Five off", ¥5.00 off a bill) set through the contract, the cashier earns the
 * voucher, chooses it on the Award panel, sees "Collect ¥25.00" for a ¥30.00 bill before
 * sending, and the result says so; the voucher is then used and no longer offered.
 */
test('a goal voucher comes off the bill on the Award panel', async ({ page, host }) => {
  await seedStaff(page, host, [
    { ...MANAGER, role: 'manager' },
    { ...CASHIER, role: 'cashier' },
  ]);
  await signInAs(page, MANAGER);
  const managerToken = await tokenFor(page, MANAGER);
  const member = await invokeFromPage(page, 'members:register', MEMBER, managerToken);
  if (!member.ok) throw new Error(member.error.message);
  const state = await invokeFromPage(page, 'points:getRules', {}, managerToken);
  if (!state.ok) throw new Error(state.error.message);
  const saved = await invokeFromPage(
    page,
    'points:saveRules',
    {
      rules: {
        ...state.value.current.rules,
        goals: [
          {
            key: 'spend10',
            name: 'Spend ¥10',
            measure: 'spend',
            target: 1000,
            reward: { name: 'Five off', kind: 'amountOff', valueMinor: 500 },
          },
        ],
      },
    },
    managerToken,
  );
  if (!saved.ok) throw new Error(saved.error.message);
  await signOut(page);

  await signInAs(page, CASHIER);
  await page.keyboard.press('F2');
  await page.getByLabel('Find a member').fill(MEMBER.name);
  await page.getByLabel('Find a member').press('Enter');
  const counter = page.getByRole('region', { name: 'Points actions' });
  const award = counter.getByRole('tabpanel', { name: /Award/ });
  const result = award.getByRole('status', { name: 'Award result' });
  await award.getByLabel('Amount spent').fill('10');
  await award.getByLabel('Receipt number').fill('V-1');
  await award.getByLabel('Receipt number').press('Enter');
  await expect(result).toContainText('Reward issued: Five off');

  await award.getByLabel('Amount spent').fill('30');
  await award.getByLabel('Voucher', { exact: true }).selectOption({ label: 'Five off (¥5.00)' });
  await expect(award.getByText('Takes ¥5.00 off this bill (no points spent).')).toBeVisible();
  await expect(award.getByText('Collect ¥25.00')).toBeVisible();
  await award.getByLabel('Receipt number').fill('V-2');
  await award.getByLabel('Receipt number').press('Enter');
  await expect(result.locator('.result-big')).toHaveText('+25 pts');
  await expect(result).toContainText('Collect ¥25.00');
  await expect(result).toContainText('Voucher Five off took ¥5.00 off.');
  await expect(counter.getByLabel('Balance 35 pts')).toBeVisible();
  // The voucher is used (the ¥25.00 paid crossed the ¥10 goal twice: two new ones are offered).
  const card = page.getByRole('region', { name: 'Goals and rewards' });
  await expect(card.getByRole('list', { name: 'Rewards held' })).toContainText('used');
  await expect(award.getByLabel('Voucher', { exact: true }).locator('option')).toHaveCount(3);
  await screenshot(page, 'goals-04-voucher-on-bill');
});
