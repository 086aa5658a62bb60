import { describe, expect, it } from 'vitest';
import { mainTexts, storeLocale } from '../../src/main/main-texts';
import { describeStartupFailure } from '../../src/main/startup-failure';
import { IntegrityError } from '../../src/main/core/open-core';
import { NewerDatabaseError } from '../../src/main/core/db/migrate';
import { languageFolders, leaves, readCatalogue } from '../helpers/locales';
import { makeStaffedCore } from '../helpers/core';

/** Main's dialogs come from the `main` namespace of the shared catalogues, in the store's language. */
describe('mainTexts', () => {
  it('English: the dialogs as the cashier sees them before the store is open', () => {
    const en = mainTexts('en');
    expect(en.appName).toBe('PerkDesk');
    expect(en.buttons).toEqual({
      restore: 'Restore',
      quit: 'Quit',
      restoreLatest: 'Restore latest backup',
      restoreLatestAndRestart: 'Restore latest backup and restart',
      keepWorking: 'Keep working',
    });
    const confirm = en.restoreConfirm({ name: 'perkdesk-2026-03-12.sqlite', createdAt: Date.UTC(2026, 2, 12, 12, 0) });
    expect(confirm.message).toBe('Restore this backup?');
    expect(confirm.detail).toMatch(
      /^perkdesk-2026-03-12\.sqlite\nmade Mar 12, 2026, \d+:\d\d [AP]M\n\nAnything recorded/,
    );
    expect(en.noBackupRestored('/data/backups')).toEqual({
      message: 'No backup was restored',
      detail: 'No usable backup was found in /data/backups.',
    });
    expect(en.startup.couldNotStart('EACCES')).toBe('PerkDesk could not start: EACCES');
    // A packaged build started with a refused switch (launch-switches.ts): before the store opens.
    const refused = en.launchRefused(['remote-debugging-port', 'no-sandbox']);
    expect(refused).toMatch(/^PerkDesk was started with --remote-debugging-port, --no-sandbox\. /);
    expect(refused).toMatch(/does not start/);
    expect(refused).toMatch(/normal shortcut/);
  });

  it('Simplified Chinese, dates by Intl in that language', () => {
    const zh = mainTexts('zh-CN');
    expect(zh.buttons.restoreLatest).toBe('恢复最新备份');
    expect(zh.buttons.quit).toBe('退出');
    const confirm = zh.restoreConfirm({ name: 'b.sqlite', createdAt: Date.UTC(2026, 2, 12, 12, 0) });
    expect(confirm.message).toBe('恢复此备份？');
    expect(confirm.detail).toContain('创建于 2026年3月12日');
    expect(zh.noBackupRestored('/data/backups').detail).toBe('在 /data/backups 中没有找到可用的备份。');
    expect(zh.launchRefused(['inspect', 'no-sandbox'])).toMatch(/^PerkDesk 启动时带有 --inspect、--no-sandbox。/);
  });

  it('an unknown or missing language is English', () => {
    expect(mainTexts('fr').buttons.quit).toBe('Quit');
    expect(mainTexts('').locale).toBe('en');
  });

  it('every language folder has main.json, and every text is reachable (no raw keys)', () => {
    for (const lng of languageFolders()) {
      const texts = mainTexts(lng);
      expect(texts.locale).toBe(lng);
      const all = [
        texts.appName,
        ...Object.values(texts.buttons),
        ...Object.values(texts.restoreConfirm({ name: 'n', createdAt: 0 })),
        ...Object.values(texts.noBackupRestored('/b')),
        ...Object.values(texts.startup.integrity('/p', ['x'])),
        ...Object.values(texts.startup.newerDatabase(9, 5)),
        ...Object.values(texts.startup.nativeModule('linux-x64', 'e')),
        ...Object.values(texts.startup.other('e')),
        texts.startup.couldNotStart('e'),
        texts.launchRefused(['inspect']),
      ];
      const catalogue = new Set(leaves(readCatalogue(lng, 'main')).map(([key]) => key));
      for (const text of all) {
        expect(text, lng).not.toMatch(/\{\{|^(buttons|startup|restoreConfirm|noBackupRestored)\./);
        expect(catalogue.has(text)).toBe(false);
      }
    }
  });
});

describe('describeStartupFailure in the store language', () => {
  it('a damaged store, in Chinese, keeps the path and the first problems', () => {
    const f = describeStartupFailure(
      new IntegrityError(['page 3: bad', 'page 4: bad']),
      '/d/p.sqlite',
      mainTexts('zh-CN'),
    );
    expect(f).toMatchObject({ kind: 'integrity', title: 'PerkDesk 数据库已损坏', offerRestore: true });
    expect(f.message).toContain('位于 /d/p.sqlite 的数据库');
    expect(f.message).toContain('page 3: bad\npage 4: bad');
  });

  it('a newer database names both schema versions, in both languages', () => {
    expect(describeStartupFailure(new NewerDatabaseError(9, 5), '/d').message).toBe(
      'This database was written by a newer PerkDesk (schema version 9; this version understands up to 5). ' +
        'Install the newer PerkDesk, or restore a backup made by this version.',
    );
    expect(describeStartupFailure(new NewerDatabaseError(9, 5), '/d', mainTexts('zh-CN')).message).toContain(
      '结构版本 9；当前版本最高支持 5',
    );
  });
});

describe('storeLocale', () => {
  it('reads the store’s language setting once the core is open', async () => {
    const { core, tokens } = await makeStaffedCore();
    try {
      expect(storeLocale(core)).toBe('en');
      await core.ok('settings:update', { locale: 'zh-CN' }, tokens.owner);
      expect(storeLocale(core)).toBe('zh-CN');
      expect(mainTexts(storeLocale(core)).buttons.keepWorking).toBe('继续工作');
    } finally {
      core.close();
    }
  });

  it('is English when the store cannot be read', () => {
    const broken = {
      db: {
        prepare: () => {
          throw new Error('database is closed');
        },
      },
    } as unknown as Parameters<typeof storeLocale>[0];
    expect(storeLocale(broken)).toBe('en');
  });
});
