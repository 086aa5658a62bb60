/**
 * Issue 9 item 8: registering from the counter's search carries what was typed — a name
 * into Name (the cursor then in Phone), a phone into Phone (the cursor in Name) — and a
 * phone another member has says so on Phone, with "Open that member". In English and
 * Chinese; what was registered is read back from the test host's store.
 */
import { test, expect, OWNER, seedStaff } from './fixtures';
import { COMMON, LANGS, signInUi, storeAs } from './counter-helpers';

const UI = {
  en: {
    register: 'Register a new member',
    form: 'Register a member',
    name: 'Name',
    phone: 'Phone',
    submit: 'Register',
    cancel: 'Cancel',
    duplicate: 'Another member already has this phone number. Search for it instead.',
    openExisting: 'Open that member',
  },
  'zh-CN': {
    register: '注册新会员',
    form: '注册会员',
    name: '姓名',
    phone: '手机号',
    submit: '注册',
    cancel: '取消',
    duplicate: '已有会员使用此手机号。请直接查找该会员。',
    openExisting: '打开该会员',
  },
} as const;

const LIN = { name: 'Lin Mei', phone: '139 8765 4321' };

for (const lang of LANGS) {
  const ui = { ...COMMON[lang], ...UI[lang] };

  test(`register from search (${lang}): the search text carried, first empty field focused, duplicate phone opens that member`, async ({
    page,
    host,
  }) => {
    test.skip(!host.testHost, 'Reads what was registered through the test host');
    await seedStaff(page, host, []);
    const store = await storeAs(host);
    if (lang !== 'en') await store('settings:update', { locale: lang });
    await store('members:register', LIN);
    await signInUi(page, lang, OWNER);
    const box = page.getByLabel(ui.find);
    const form = page.getByRole('form', { name: ui.form });

    // A name typed in the search: into Name, the cursor in Phone.
    await box.fill('Zhou Jie');
    await page.getByRole('button', { name: ui.register }).click();
    await expect(form.getByLabel(ui.name)).toHaveValue('Zhou Jie');
    await expect(form.getByLabel(ui.phone)).toBeFocused();
    await form.getByRole('button', { name: ui.cancel }).click();

    // A phone typed in the search: into Phone, the cursor in Name.
    await box.fill('137 1111 2222');
    await page.getByRole('button', { name: ui.register }).click();
    await expect(form.getByLabel(ui.phone)).toHaveValue('137 1111 2222');
    await expect(form.getByLabel(ui.name)).toBeFocused();
    await page.keyboard.type('Zhou Jie');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Zhou Jie' })).toBeVisible();
    const zhou = (await store('members:search', { query: '137 1111 2222' })).results;
    expect(zhou.map((m) => m.name)).toEqual(['Zhou Jie']);

    // Lin's phone again: said on Phone, which takes the cursor; "Open that member" opens Lin.
    await page.keyboard.press('Escape');
    await box.fill('Lin Copy');
    await page.getByRole('button', { name: ui.register }).click();
    await form.getByLabel(ui.phone).fill(LIN.phone);
    await form.getByRole('button', { name: ui.submit, exact: true }).click();
    await expect(form.getByLabel(ui.phone)).toHaveAccessibleDescription(ui.duplicate);
    await expect(form.getByLabel(ui.phone)).toBeFocused();
    await form.getByRole('button', { name: ui.openExisting }).click();
    await expect(page.getByRole('heading', { level: 1, name: LIN.name })).toBeVisible();
    expect((await store('members:search', { query: LIN.phone })).results).toHaveLength(1);
  });
}
