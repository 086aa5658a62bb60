import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { buildResources, NAMESPACES } from '../../src/renderer/src/i18n/resources';
import {
  AUDIT_ACTION_GROUPS,
  AUDIT_ACTION_TYPES,
  actionTypeName,
  describeAudit,
} from '../../src/renderer/src/features/audit/describe-audit';
import { numberKit } from '../../src/shared/explain/numbers';
import { contract, CHANNEL_NAMES, type AuditEntryDto } from '../../src/shared/contract';
import { csvCell, toCsv } from '../../src/renderer/src/lib/csv';
import type { Translate } from '../../src/renderer/src/lib/describe-error';

async function tFor(lng: 'en' | 'zh-CN') {
  const i = i18next.createInstance();
  await i.init({
    resources: buildResources(),
    lng,
    fallbackLng: 'en',
    ns: NAMESPACES,
    interpolation: { escapeValue: false },
  });
  const kit = numberKit(lng, 'CNY', 2);
  const money = (m: number) => new Intl.NumberFormat(lng, { style: 'currency', currency: 'CNY' }).format(m / 100);
  return {
    t: i.t.bind(i) as unknown as Translate,
    fmt: { pts: kit.points, money, dateTime: (ms: number) => String(ms) },
  };
}

const entry = (action: string, details: Record<string, unknown>, more: Partial<AuditEntryDto> = {}): AuditEntryDto => ({
  seq: 1,
  id: 'x',
  at: 0,
  actorId: 's1',
  actorName: 'manny',
  staffName: 'Manny Manager',
  action,
  target: 'm1',
  details,
  terminalId: 't',
  subjectName: 'Lin Mei',
  ...more,
});

describe('the audit log in plain language', () => {
  it('every action a channel declares is in the filter list, under a known group', () => {
    const declared = CHANNEL_NAMES.map((c) => (contract[c] as { audit?: { action?: string } }).audit?.action).filter(
      (a): a is string => typeof a === 'string',
    );
    for (const a of declared) expect(AUDIT_ACTION_TYPES as readonly string[]).toContain(a);
    for (const a of AUDIT_ACTION_TYPES) expect(AUDIT_ACTION_GROUPS as readonly string[]).toContain(a.split('.')[0]);
  });

  for (const lng of ['en', 'zh-CN'] as const) {
    it(`every action type has a name and a sentence with no raw placeholder in ${lng}`, async () => {
      const { t, fmt } = await tFor(lng);
      for (const a of AUDIT_ACTION_TYPES) {
        expect(actionTypeName(t, a)).not.toBe(a);
        const text = describeAudit(t, entry(a, {}), fmt);
        expect(text, a).not.toBe(a);
        expect(text, a).not.toMatch(/\{\{|\}\}/);
      }
    });
  }

  it('names staff and members and formats points in each language (积分 in Chinese)', async () => {
    const en = await tFor('en');
    const adjusted = entry('points.adjusted', { points: 50, reason: 'service recovery', balance: 50 });
    expect(describeAudit(en.t, adjusted, en.fmt)).toBe(
      'Manny Manager adjusted the points of Lin Mei by +50 pts (reason: service recovery).',
    );
    const zh = await tFor('zh-CN');
    expect(describeAudit(zh.t, adjusted, zh.fmt)).toBe(
      'Manny Manager 将 Lin Mei 的积分调整 +50 积分（原因：service recovery）。',
    );
    const created = entry('staff.created', { username: 'cathy', role: 'cashier' }, { subjectName: 'Cathy Cashier' });
    expect(describeAudit(en.t, created, en.fmt)).toBe('Manny Manager added Cathy Cashier as Cashier.');
    // An action a newer version records reads as its code rather than vanishing.
    expect(describeAudit(en.t, entry('approvals.granted', {}), en.fmt)).toBe('approvals.granted');
    // No actor: the system did it.
    const expired = entry(
      'points.expiryRun',
      { members: 3, pointsExpired: 120, entries: 3 },
      { actorName: null, staffName: null },
    );
    expect(describeAudit(en.t, expired, en.fmt)).toBe('120 pts of 3 members expired.');
  });
});

describe('renderer CSV', () => {
  it('quotes by RFC 4180, escapes formula-looking text, writes numbers as numbers, BOM + CRLF', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=cmd|x')).toBe("'=cmd|x");
    expect(csvCell('＋1')).toBe("'＋1");
    expect(csvCell(-120)).toBe('-120');
    expect(csvCell(null)).toBe('');
    expect(
      toCsv([
        ['a', 1],
        ['b', null],
      ]),
    ).toBe('\uFEFFa,1\r\nb,\r\n');
    expect(toCsv([['a']], { bom: false })).toBe('a\r\n');
  });
});

describe('refused import rows', () => {
  it('cuts the refused records from the file with the header and a problem column; phones stay importable', async () => {
    const { refusedRowsCsv } = await import('../../src/renderer/src/features/offline/refused-rows');
    const file = '\uFEFF姓名,手机号\r\n张伟,13800138001\r\n"Li, Wei",12\r\nZhou,+86 139 8765 4321\r\n';
    const csv = refusedRowsCsv(
      file,
      [{ row: 2, line: 3, field: 'phone', reason: 'phoneInvalid', message: 'x' }],
      () => '手机号: invalid',
      'Problem',
    );
    expect(csv).toBe('\uFEFF姓名,手机号,Problem\r\n"Li, Wei",12,手机号: invalid\r\n');
    expect(csvCell('+86 139 8765 4321')).toBe('+86 139 8765 4321');
    expect(csvCell('+HYPERLINK(1)')).toBe("'+HYPERLINK(1)");
  });
});
