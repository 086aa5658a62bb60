import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { DEFAULT_RULES } from '../../src/main/core/points/default-rules';
import type { RulesStateDto, RuleVersionDto } from '../../src/shared/contract/points';
import { describeRulesState, versionLabel } from '../../src/renderer/src/features/points/rules-state-text';
import { createTestI18n } from '../helpers/locales';

/**
 * The rules page's sentence on which rules are in force (RulesPage.tsx). In chain mode the
 * pulled set is this terminal's version 2 and head office's version 1: the page names head
 * office's number only, in one statement (en, zh-CN).
 */
const tOf = (lng: string) => createTestI18n(lng).getFixedT(lng, ['points', 'shell']) as TFunction<['points', 'shell']>;
const day = (d: number) => Date.UTC(2026, 11, d, 2, 0);
const dateTime = (ms: number) => `@${new Date(ms).toISOString().slice(0, 10)}`;
const version = (v: number, effectiveFrom: number, headOfficeVersion: number | null = null): RuleVersionDto => ({
  version: v,
  effectiveFrom,
  createdAt: effectiveFrom,
  createdBy: null,
  rules: DEFAULT_RULES,
  headOfficeVersion,
});
const chain = (over: Partial<RulesStateDto> = {}): RulesStateDto => ({
  current: version(2, day(1), 1),
  upcoming: [],
  headOffice: { version: 1, effectiveFrom: day(1), inForce: true },
  ...over,
});

describe('rules statement', () => {
  it('head office rules in force: one statement, head office’s version, no local version (en, zh-CN)', () => {
    const en = describeRulesState(tOf('en'), chain(), dateTime);
    expect(en).toEqual({
      text: 'Rules are set by head office (version 1, effective @2026-12-01). They are read-only here.',
      fromHeadOffice: true,
    });
    expect(en.text).not.toMatch(/version 2|v2/i);
    const zh = describeRulesState(tOf('zh-CN'), chain(), dateTime);
    expect(zh.text).toBe('规则由总部设定（第 1 版，自 @2026-12-01 起生效），此处只读。');
    expect(zh.text).not.toMatch(/第 2 版|v2/);
  });

  it('head office rules dated later: says when, keeps the terminal’s set until then, not listed twice', () => {
    const state = chain({
      current: version(1, 0),
      upcoming: [version(2, day(9), 8)],
      headOffice: { version: 8, effectiveFrom: day(9), inForce: false },
    });
    expect(describeRulesState(tOf('en'), state, dateTime).text).toBe(
      'Rules are set by head office: its version 8 takes effect @2026-12-09. Until then the rules below stay in force. They are read-only here.',
    );
    expect(describeRulesState(tOf('zh-CN'), state, dateTime).text).toBe(
      '规则由总部设定：总部第 8 版自 @2026-12-09 起生效，在此之前仍按下列规则执行。此处只读。',
    );
  });

  it('a later head office set scheduled after the one in force is listed by head office’s number', () => {
    const state = chain({ upcoming: [version(3, day(9), 2)] });
    expect(describeRulesState(tOf('en'), state, dateTime).text).toBe(
      'Rules are set by head office (version 1, effective @2026-12-01). They are read-only here. Scheduled: head office version 2 (@2026-12-09).',
    );
  });

  it('a single terminal: its own version, as before', () => {
    const single: RulesStateDto = { current: version(3, day(1)), upcoming: [version(4, day(9))], headOffice: null };
    expect(describeRulesState(tOf('en'), single, dateTime)).toEqual({
      text: 'Version 3 is in force since @2026-12-01. Scheduled: v4 (@2026-12-09).',
      fromHeadOffice: false,
    });
    expect(describeRulesState(tOf('en'), { ...single, current: version(1, 0) }, dateTime).text).toMatch(
      /^Version 1 is in force since set-up\./,
    );
  });

  it('the versions table names head office’s number for a pulled set', () => {
    expect(versionLabel(tOf('en'), version(2, day(1), 1))).toBe('Head office v1');
    expect(versionLabel(tOf('zh-CN'), version(2, day(1), 1))).toBe('总部 v1');
    expect(versionLabel(tOf('en'), version(1, 0))).toBe('v1');
  });
});
