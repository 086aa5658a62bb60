import { describe, expect, it } from 'vitest';
import { formatDaysAgo } from '../../src/renderer/src/lib/dates';

describe('formatDaysAgo: relative days by Intl', () => {
  it.each([
    ['en', 0, 'today'],
    ['en', 1, 'yesterday'],
    ['en', 3, '3 days ago'],
    ['zh-CN', 0, '今天'],
    ['zh-CN', 1, '昨天'],
    ['zh-CN', 2, '前天'],
    ['zh-CN', 40, '40天前'],
  ])('%s, %d days → %s', (locale, days, expected) => {
    expect(formatDaysAgo(days, locale)).toBe(expected);
  });
});
