import { describe, expect, it } from 'vitest';
import { makeStaffedCore, snapshotCounts } from '../../helpers/core';
import { COUNTER_MODES } from '../../../src/shared/settings/shell';

/** The counter-mode setting through the real dispatcher and store (main applies it to the window). */
describe('settings: counterMode', () => {
  it('defaults to a normal window and is readable by every signed-in role', async () => {
    const { core, tokens } = await makeStaffedCore();
    for (const token of [tokens.cashier, tokens.manager, tokens.owner]) {
      expect((await core.ok('settings:get', {}, token)).counterMode).toBe('window');
    }
  });

  it.each(['manager', 'owner'] as const)(
    'a %s may switch it; the change is audited and survives a restart',
    async (who) => {
      const { core, tokens } = await makeStaffedCore();
      for (const mode of COUNTER_MODES) {
        expect((await core.ok('settings:update', { counterMode: mode }, tokens[who])).counterMode).toBe(mode);
      }
      const audit = core.db
        .prepare("SELECT target, details FROM audit_log WHERE action = 'settings.changed' AND target = 'counterMode'")
        .all() as { details: string }[];
      // window → window is no change; window → maximized → kiosk are two.
      expect(audit.map((a) => JSON.parse(a.details) as unknown)).toEqual([
        expect.objectContaining({ from: 'window', to: 'maximized' }),
        expect.objectContaining({ from: 'maximized', to: 'kiosk' }),
      ]);
      const again = core.reopen();
      const { token } = await again.ok('auth:signIn', { username: 'owner', password: 'correct horse battery' });
      expect((await again.ok('settings:get', {}, token)).counterMode).toBe('kiosk');
    },
  );

  it('a cashier may not change it', async () => {
    const { core, tokens } = await makeStaffedCore();
    const r = await core.call('settings:update', { counterMode: 'kiosk' }, tokens.cashier);
    expect(r.ok || r.error.code).toBe('FORBIDDEN');
    expect((await core.ok('settings:get', {}, tokens.cashier)).counterMode).toBe('window');
  });

  it.each([['fullscreen'], ['KIOSK'], [''], [1], [null], [true]])(
    'refuses %j with VALIDATION and writes nothing',
    async (counterMode) => {
      const { core, tokens } = await makeStaffedCore();
      const before = snapshotCounts(core);
      const r = await core.call('settings:update', { counterMode } as never, tokens.owner);
      expect(r.ok || r.error.code).toBe('VALIDATION');
      expect(snapshotCounts(core)).toEqual(before);
    },
  );
});
