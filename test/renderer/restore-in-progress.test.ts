import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { buildResources, NAMESPACES } from '../../src/renderer/src/i18n/resources';
import { errorText } from '../../src/renderer/src/lib/errors';
import { pointsErrorText } from '../../src/renderer/src/features/points/points-errors';

/** What the counter shows when the store refuses a call because a restore is running (core/write-gate.ts). */
async function t(lng: 'en' | 'zh-CN') {
  const i = i18next.createInstance();
  await i.init({ resources: buildResources(), lng, ns: Object.keys(NAMESPACES), defaultNS: 'shell', initAsync: false });
  return i.t.bind(i);
}

const refusal = {
  code: 'CONFLICT' as const,
  message: 'A backup is being restored: try again in a moment. Nothing was recorded.',
  details: { reason: 'restoreInProgress' },
};

describe('restore in progress, as the counter shows it', () => {
  it('says so in English and in Chinese, wherever the refusal lands (award panel included)', async () => {
    const en = await t('en');
    expect(errorText(en, refusal)).toMatch(/^Restore in progress/);
    expect(pointsErrorText(en, refusal)).toMatch(/^Restore in progress/);
    const zh = await t('zh-CN');
    expect(errorText(zh, refusal)).toMatch(/^正在恢复备份/);
    expect(pointsErrorText(zh, refusal)).toMatch(/^正在恢复备份/);
  });
});
