import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/renderer/src/lib/describe-error';
import { createTestI18n } from '../helpers/locales';

/** What the counter shows when the store refuses a call because a restore is running (core/write-gate.ts). */
const refusal = {
  code: 'CONFLICT' as const,
  message: 'A backup is being restored: try again in a moment. Nothing was recorded.',
  details: { reason: 'restoreInProgress' },
};

describe('restore in progress, as the counter shows it', () => {
  it('says so in English and in Chinese, wherever the refusal lands (award panel included)', () => {
    for (const [lng, lead] of [
      ['en', /^Restore in progress/],
      ['zh-CN', /^正在恢复备份/],
    ] as const) {
      const t = createTestI18n(lng).t;
      expect(describeError(t, 'points:award', refusal)).toMatch(lead);
      expect(describeError(t, 'members:search', refusal)).toMatch(lead);
      expect(describeError(t, 'settings:update', refusal)).toMatch(lead);
    }
  });
});
