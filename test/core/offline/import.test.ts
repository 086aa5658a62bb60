import { describe, expect, it } from 'vitest';
import { expectError } from '../../helpers/expect-result';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';

const b64 = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s).toString('base64');
const memberCount = (core: { db: import('better-sqlite3').Database }) =>
  core.db.prepare('SELECT count(*) FROM members').pluck().get() as number;

const GOOD = [
  'Name,Phone,Email,Birthday,Consent',
  'Li Wei,138 0013 8001,li.wei@example.com,1990-05-01,yes',
  '"Wang, Fang",+86 138-0013-8002,,,no',
  '张伟,13800138003,zhang@example.cn,,1',
].join('\r\n');

describe('member import', () => {
  it('dry run reports what would happen and writes nothing; import creates; re-import creates nobody', async () => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const dry = await core.ok('offline:importDryRun', { fileBase64: b64(GOOD) }, tokens.manager);
    expect(dry).toMatchObject({ dryRun: true, totalRows: 3, created: 3, duplicates: 0, errorCount: 0 });
    expect(dry.mapping).toEqual({
      name: 'Name',
      phone: 'Phone',
      email: 'Email',
      birthday: 'Birthday',
      marketingConsent: 'Consent',
    });
    expect(snapshotCounts(core)).toEqual(before);

    const real = await core.ok('offline:import', { fileBase64: b64(GOOD) }, tokens.manager);
    expect(real).toMatchObject({ dryRun: false, created: 3, duplicates: 0, errorCount: 0 });
    expect(memberCount(core)).toBe(3);
    const wang = core.db.prepare("SELECT phone, marketing_consent FROM members WHERE name = 'Wang, Fang'").get();
    expect(wang).toEqual({ phone: '+8613800138002', marketing_consent: 0 });

    const again = await core.ok('offline:import', { fileBase64: b64(GOOD) }, tokens.manager);
    expect(again).toMatchObject({ created: 0, duplicates: 3, errorCount: 0 });
    expect(memberCount(core)).toBe(3);
    expect(core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'members.imported'").pluck().get()).toBe(2);
    // Each imported member has the record a registration at the counter gets (field names, never values).
    const registered = core.db
      .prepare("SELECT target, details FROM audit_log WHERE action = 'members.registered' ORDER BY seq")
      .all() as { target: string; details: string }[];
    const ids = core.db.prepare('SELECT id FROM members ORDER BY seq').pluck().all();
    expect(registered.map((r) => r.target)).toEqual(ids);
    expect(JSON.parse(registered[0].details)).toMatchObject({
      fields: ['name', 'phone', 'email', 'birthday', 'marketingConsent'],
    });
    expect(registered.map((r) => r.details).join()).not.toMatch(/Li Wei|li\.wei|13800138001/);
  });

  it('duplicates inside one file are caught by the dry run too', async () => {
    const { core, tokens } = await makeStaffedCore();
    const csv = 'name,phone\r\nA One,13800138001\r\nA Again,+8613800138001\r\n';
    const dry = await core.ok('offline:importDryRun', { fileBase64: b64(csv) }, tokens.manager);
    expect(dry).toMatchObject({ created: 1, duplicates: 1 });
  });

  it('large files go in chunks: repeats across chunks caught by the dry run, the counter served meanwhile', async () => {
    const { core, tokens } = await makeStaffedCore();
    const rows = ['name,phone'];
    for (let i = 0; i < 1200; i++) rows.push(`Member ${i},1390013${String(i).padStart(4, '0')}`);
    rows.push('Repeat Of First,+86 139 0013 0000'); // same phone as row 1, three chunks later
    const file = b64(rows.join('\n'));
    const dry = await core.ok('offline:importDryRun', { fileBase64: file }, tokens.manager);
    expect(dry).toMatchObject({ totalRows: 1201, created: 1200, duplicates: 1, errorCount: 0 });
    expect(memberCount(core)).toBe(0);
    const running = core.call('offline:import', { fileBase64: file }, tokens.manager);
    await new Promise((r) => setImmediate(r));
    expect((await core.call('members:search', { query: 'Member' }, tokens.cashier)).ok).toBe(true);
    expect((await core.ok('offline:status', {}, tokens.cashier)).job?.kind).toBe('import');
    const real = await running;
    expect(real.ok && real.value).toMatchObject({ created: 1200, duplicates: 1 });
    expect(memberCount(core)).toBe(1200);
  });

  it('rejects bad rows one by one: formulas, 100k-char cells, control chars, bad phone, short rows, bad consent', async () => {
    const { core, tokens } = await makeStaffedCore();
    const rows = [
      'name,phone,email,consent',
      '"=cmd|\' /C calc\'!A0",13800138001,,',
      `${'x'.repeat(100_000)},13800138002,,`,
      'Tab\u0007Bell,13800138003,,',
      'Bad Phone,12345,,',
      'Short Row,13800138004',
      'Bad Consent,13800138005,,maybe',
      '@SUM(1),13800138006,,',
      'Good One,+86 13800138007,good@example.com,yes',
      ',13800138008,,',
      'No Contact,,,',
    ];
    const r = await core.ok('offline:import', { fileBase64: b64(rows.join('\n')) }, tokens.manager);
    expect(r.created).toBe(1);
    expect(r.errorCount).toBe(9);
    const reasons = Object.fromEntries(r.errors.map((e) => [e.row, e.reason]));
    expect(reasons).toEqual({
      1: 'formula',
      2: 'tooLong',
      3: 'controlChars',
      4: 'phoneInvalid',
      5: 'columns',
      6: 'consentInvalid',
      7: 'formula',
      9: 'nameRequired',
      10: 'contactRequired',
    });
    expect(memberCount(core)).toBe(1);
  });

  it('wrong encoding: GB18030 bytes read as UTF-8 are refused per row with a hint; read as GB18030 they import', async () => {
    const { core, tokens } = await makeStaffedCore();
    const text = 'name,phone\r\n张伟,13800138001\r\nLi Wei,13800138002\r\n';
    const gb = Buffer.from(
      new Uint8Array([
        ...Buffer.from('name,phone\r\n'),
        0xd5,
        0xc5,
        0xce,
        0xb0, // 张伟 in GB18030
        ...Buffer.from(',13800138001\r\nLi Wei,13800138002\r\n'),
      ]),
    );
    const wrong = await core.ok('offline:importDryRun', { fileBase64: b64(gb) }, tokens.manager);
    expect(wrong.created).toBe(1);
    expect(wrong.errors[0]).toMatchObject({ row: 1, reason: 'encoding' });
    expect(wrong.errors[0].message).toMatch(/GB18030/);
    const right = await core.ok('offline:import', { fileBase64: b64(gb), encoding: 'gb18030' }, tokens.manager);
    expect(right).toMatchObject({ created: 2, errorCount: 0 });
    expect(core.db.prepare("SELECT count(*) FROM members WHERE name = '张伟'").pluck().get()).toBe(1);
    // A UTF-8 file with a BOM (Excel "CSV UTF-8") reads its first header correctly.
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(text.replace('13800138001', '13800138011').replace('13800138002', '13800138012')),
    ]);
    const withBom = await core.ok('offline:importDryRun', { fileBase64: b64(bom) }, tokens.manager);
    expect(withBom.mapping.name).toBe('name');
    expect(withBom.created).toBe(2);
  });

  it('column mapping: Chinese headers map themselves; an explicit mapping overrides; missing columns refuse the file', async () => {
    const { core, tokens } = await makeStaffedCore();
    const zh = '姓名,手机号,邮箱\r\n王芳,13800138001,wf@example.com\r\n';
    const auto = await core.ok('offline:importDryRun', { fileBase64: b64(zh) }, tokens.manager);
    expect(auto.mapping).toEqual({ name: '姓名', phone: '手机号', email: '邮箱' });
    expect(auto.created).toBe(1);
    const odd = 'Customer Label,Contact No\r\nAnn,13800138002\r\n';
    const missing = await core.call('offline:importDryRun', { fileBase64: b64(odd) }, tokens.manager);
    expectError(missing, 'VALIDATION', { reason: 'missingColumns', missing: ['name', 'phone or email'] });
    const mapped = await core.ok(
      'offline:importDryRun',
      { fileBase64: b64(odd), mapping: { name: 'Customer Label', phone: 'Contact No' } },
      tokens.manager,
    );
    expect(mapped.created).toBe(1);
    const unknownCol = await core.call(
      'offline:importDryRun',
      { fileBase64: b64(odd), mapping: { name: 'Nope', phone: 'Contact No' } },
      tokens.manager,
    );
    expectError(unknownCol, 'VALIDATION');
  });

  it('bad input to the channels is a typed error and writes nothing', async () => {
    const { core, tokens } = await makeStaffedCore();
    const before = snapshotCounts(core);
    const bad: unknown[] = [
      {},
      { fileBase64: '' },
      { fileBase64: 'not base64!!' },
      { fileBase64: 'A'.repeat(12_000_000) },
      { fileBase64: b64(GOOD), encoding: 'latin1' },
      { fileBase64: b64(GOOD), mapping: { name: 'x'.repeat(100_000) } },
      { fileBase64: b64(GOOD), mapping: { shoeSize: 'Name' } },
      { fileBase64: b64(GOOD), dryRun: false },
      { fileBase64: 42 },
      null,
    ];
    for (const input of bad) {
      for (const ch of ['offline:importDryRun', 'offline:import'] as const) {
        const r = await core.call(ch, input as never, tokens.manager);
        expectError(r, 'VALIDATION', undefined, JSON.stringify(input)?.slice(0, 60));
      }
    }
    for (const file of ['"unclosed,quote\r\nx,y', '', '\r\n\r\n']) {
      const r = await core.call('offline:import', { fileBase64: b64(file) || 'AA==' }, tokens.manager);
      expectError(r, 'VALIDATION');
    }
    const forbidden = await core.call('offline:import', { fileBase64: b64(GOOD) }, tokens.cashier);
    expectError(forbidden, 'FORBIDDEN');
    const after = snapshotCounts(core);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });
});
