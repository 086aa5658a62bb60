/**
 * Rules authored at head office (issue 12): once an enrolled terminal has pulled head
 * office's rule set, the rules page shows it read-only with where it came from (one
 * statement, head office's version number only, not the terminal's own), every
 * field and the save button disabled, and main refuses a save anyway (rulesFromHeadOffice);
 * English and Chinese. Its maintenance panel offers no expiry run — head office expires the
 * chain's points — and says so; main refuses a run anyway (expiryAtHeadOffice). (The pull's audit entry is tested in test/core/sync/head-office-rules.test.ts.)
 */
import { test, expect, MANAGER, OWNER, seedStaff, screenshot } from './fixtures';
import { COMMON, LANGS, signInUi, storeAs } from './counter-helpers';
import { must, startHeadOffice } from './chain-helpers';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import { startPgCluster, type PgCluster } from '../server/pg-cluster';

let cluster: PgCluster;
test.beforeAll(async () => {
  cluster = await startPgCluster({ prefix: 'perkdesk-pg-e2e-rules-' });
});
test.afterAll(() => cluster?.stop());

const UI = {
  en: {
    rules: 'Points rules',
    note: /^Rules are set by head office \(version 1, effective .+\)\. They are read-only here\.$/,
    // The terminal's own numbering (the pulled set is its version 2) is not shown beside it.
    localVersion: /Version \d+ is in force/,
    versions: 'Rule versions',
    headOfficeCell: 'Head office v1',
    save: 'Save as a new version',
    runExpiry: 'Run points expiry now',
    expiryNote: /^Points expire at head office for the whole chain: this terminal does not run expiry\./,
  },
  'zh-CN': {
    rules: '积分规则',
    note: /^规则由总部设定（第 1 版，自 .+ 起生效），此处只读。$/,
    localVersion: /当前生效的是第 \d+ 版|第 \d+ 版自初始设置起生效/,
    versions: '规则版本',
    headOfficeCell: '总部 v1',
    save: '保存为新版本',
    runExpiry: '立即执行积分过期',
    expiryNote: /^积分由总部为整个连锁统一过期处理：本终端不执行过期。/,
  },
} as const;

for (const lang of LANGS) {
  test(`head office's rules are read-only at the terminal (${lang})`, async ({ page, host }) => {
    test.skip(!host.testHost, 'Starts a head office beside the test host');
    const ui = { ...COMMON[lang], ...UI[lang] };
    const ho = await startHeadOffice(cluster, `ho_e2e_rules_${lang === 'en' ? 'en' : 'zh'}`);
    try {
      const north = await ho.createStore('North', 1);
      await must(
        ho.admin('admin:saveRules', {
          storeId: null,
          effectiveFrom: Date.now() - 60_000,
          rules: { ...DEFAULT_RULES, earnRate: { points: 2, perMinor: 100 } },
        }),
      );
      await seedStaff(page, host, [{ ...MANAGER, role: 'manager' }]);
      const store = await storeAs(host);
      if (lang !== 'en') await store('settings:update', { locale: lang });
      await store('sync:enrol', { serverUrl: ho.service.url, code: north.codes[0]!, name: 'Till 1' });
      await store('sync:now', {});

      await signInUi(page, lang, MANAGER);
      await page.getByRole('navigation', { name: ui.nav }).getByRole('button', { name: ui.rules, exact: true }).click();
      // One statement of which rules are in force: head office's, by head office's number.
      await expect(page.getByRole('note').filter({ hasText: ui.note })).toBeVisible();
      await expect(page.getByRole('note')).toHaveCount(1);
      await expect(page.getByText(ui.localVersion)).toHaveCount(0);
      await expect(
        page.getByRole('table', { name: ui.versions }).getByRole('cell', { name: ui.headOfficeCell, exact: true }),
      ).toBeVisible();
      await expect(page.getByRole('button', { name: ui.save })).toBeDisabled();
      await expect(page.getByText(ui.expiryNote)).toBeVisible();
      await expect(page.getByRole('button', { name: ui.runExpiry })).toHaveCount(0);
      await screenshot(page, `chain-rules-read-only-${lang}`);

      // Main refuses a save even if a page sent one, and nothing changes.
      const { current } = await store('points:getRules', {});
      expect(current.rules.earnRate).toEqual({ points: 2, perMinor: 100 });
      const h = host.testHost!;
      const owner = await h.call('auth:signIn', { username: OWNER.username, password: OWNER.password });
      if (!owner.ok) throw new Error(owner.error.message);
      const refused = await h.call('points:saveRules', { rules: current.rules }, owner.value.token);
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', details: { reason: 'rulesFromHeadOffice' } },
      });
      expect((await store('points:getRules', {})).current.version).toBe(current.version);
      expect(await h.call('points:runExpiry', {}, owner.value.token)).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', details: { reason: 'expiryAtHeadOffice' } },
      });
    } finally {
      await ho.close();
    }
  });
}
