/**
 * Members across stores (issue 12): a card this store does not know, scanned while its
 * line to head office is down, may still earn. The counter offers to record points on
 * the card; the cashier accepts, awards, and the card shows as a provisional card. When
 * the line is back, the sync round matches it with the member registered at another
 * store: scanning the card opens that member, with the points in head office's balance.
 * A real head office (the service on a throwaway PostgreSQL cluster), a second store's
 * terminal registering the member, the store's line a TCP relay that is cut. English and
 * Chinese, at 1024×768, by role and accessible name.
 */
import { test, expect, MANAGER, OWNER, seedStaff } from './fixtures';
import { COMMON, LANGS, signInUi } from './counter-helpers';
import { must, openTerminal, startHeadOffice, startLink } from './chain-helpers';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';

let cluster: PgCluster;
test.beforeAll(async () => {
  cluster = await startPgCluster({ prefix: 'perkdesk-pg-e2e-provisional-' });
});
test.afterAll(() => cluster?.stop());

const UI = {
  en: {
    offer: 'Card not known here',
    offerText: /is not known here and head office can’t be reached — record points on this card now/,
    record: 'Record points on this card',
    provisionalName: 'Provisional card',
    notice: /Recorded while head office could not be reached/,
    edit: 'Edit details',
    deactivate: 'Deactivate member',
    earned: '+120 pts',
    merged: /^120 pts \(head office, \d\d:\d\d\)$/,
  },
  'zh-CN': {
    offer: '本店没有此卡',
    offerText: /且无法连接总部——现在可以在此卡上记录积分/,
    record: '在此卡上记录积分',
    provisionalName: '临时卡',
    notice: /此卡是在无法连接总部时记录的/,
    edit: '修改资料',
    deactivate: '停用会员',
    earned: '+120 积分',
    merged: /^120 积分（总部，\d\d:\d\d）$/,
  },
} as const;

for (const lang of LANGS) {
  test(`${lang}: an unknown card earns while head office is unreachable and joins its member when the line is back`, async ({
    page,
    host,
    browser,
  }) => {
    test.skip(!host.testHost, 'Starts a head office beside the test host');
    const h = host.testHost!;
    const ui = { ...COMMON[lang], ...UI[lang] };
    const ho = await startHeadOffice(cluster, `ho_e2e_provisional_${lang === 'en' ? 'en' : 'zh'}`);
    const line = await startLink(ho.service.port);
    const south = await ho.createStore('South', 1);
    const north = await ho.createStore('North', 1);
    const other = await openTerminal(browser, { name: 'South 1', serverUrl: ho.service.url, code: south.codes[0]! });
    try {
      // The member is registered at the other store; head office knows them, this store not yet.
      await other.asOwner('sync:now', {});
      const member = await other.asOwner('members:register', { name: 'Zhang Wei', phone: '13800000042' });
      await other.asOwner('sync:now', {});

      await seedStaff(page, host, [{ ...MANAGER, role: 'manager' }]);
      const owner = await must(h.call('auth:signIn', { username: OWNER.username, password: OWNER.password }));
      const as = owner.token;
      await must(h.call('sync:enrol', { serverUrl: line.url, code: north.codes[0]!, name: 'North 1' }, as));
      if (lang === 'zh-CN') await must(h.call('settings:update', { locale: 'zh-CN' }, as));
      line.cut();

      await signInUi(page, lang, MANAGER);
      const box = page.getByLabel(ui.find);
      await page.keyboard.press('F2');
      await box.fill(member.cardNumber);
      await box.press('Enter');
      const offer = page.getByRole('group', { name: ui.offer });
      await expect(offer).toBeVisible({ timeout: 20_000 });
      await expect(offer).toContainText(ui.offerText);
      await expect(offer).toContainText(member.cardNumber);
      await offer.getByRole('button', { name: ui.record }).click();

      await expect(page.getByRole('heading', { level: 1, name: ui.provisionalName })).toBeVisible();
      await expect(page.getByText(ui.notice)).toBeVisible();
      await expect(page.getByRole('button', { name: ui.edit })).toHaveCount(0);
      await expect(page.getByRole('button', { name: ui.deactivate })).toHaveCount(0);
      const actions = page.getByRole('region', { name: ui.actions });
      await actions.getByLabel(ui.amount).fill('120.00');
      await actions.getByLabel(ui.receipt, { exact: true }).fill('N-1');
      await actions.getByLabel(ui.receipt, { exact: true }).press('Enter');
      await expect(actions.getByRole('status', { name: ui.awardResult }).locator('.result-big')).toHaveText(ui.earned);

      // The line is back: a round pushes the award (by card) and pulls the member.
      line.restore();
      expect(await h.call('sync:now', {}, as)).toMatchObject({ ok: true, value: { ok: true } });
      await page.keyboard.press('Escape');
      await page.keyboard.press('F2');
      await box.fill(member.cardNumber);
      await box.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: 'Zhang Wei' })).toBeVisible({ timeout: 20_000 });
      await expect(page.getByText(ui.merged)).toBeVisible({ timeout: 20_000 });
      // Head office counted the award once, and the other store sees it.
      await other.asOwner('sync:now', {});
      expect(await other.asOwner('sync:balance', { memberId: member.id })).toMatchObject({ total: 120 });
    } finally {
      await other.close().catch(() => undefined);
      await line.close().catch(() => undefined);
      await ho.close().catch(() => undefined);
    }
  });
}
