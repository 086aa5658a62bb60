import { describe, expect, it, vi } from 'vitest';
import { applyCounterMode, watchCounterMode, type ModeWindow } from '../../src/main/counter-mode';
import { readSettings } from '../../src/main/core/settings/settings-store';
import type { CounterMode } from '../../src/shared/settings/shell';
import { makeStaffedCore } from '../helpers/core';

/** A window that keeps its state the way BrowserWindow does and records each call. */
function fakeWindow(initial: { kiosk?: boolean; maximized?: boolean } = {}) {
  const calls: string[] = [];
  const state = { kiosk: initial.kiosk ?? false, maximized: initial.maximized ?? false, destroyed: false };
  const window: ModeWindow = {
    isDestroyed: () => state.destroyed,
    isKiosk: () => state.kiosk,
    setKiosk: (flag) => {
      calls.push(`setKiosk(${flag})`);
      state.kiosk = flag;
    },
    isMaximized: () => state.maximized,
    maximize: () => {
      calls.push('maximize');
      state.maximized = true;
    },
    unmaximize: () => {
      calls.push('unmaximize');
      state.maximized = false;
    },
  };
  return { window, calls, state };
}

describe('applyCounterMode', () => {
  it.each<[CounterMode, { kiosk?: boolean; maximized?: boolean }, string[], { kiosk: boolean; maximized: boolean }]>([
    ['window', {}, [], { kiosk: false, maximized: false }],
    ['maximized', {}, ['maximize'], { kiosk: false, maximized: true }],
    ['kiosk', {}, ['setKiosk(true)'], { kiosk: true, maximized: false }],
    ['window', { maximized: true }, ['unmaximize'], { kiosk: false, maximized: false }],
    ['window', { kiosk: true }, ['setKiosk(false)'], { kiosk: false, maximized: false }],
    ['maximized', { kiosk: true }, ['setKiosk(false)', 'maximize'], { kiosk: false, maximized: true }],
    ['kiosk', { kiosk: true }, [], { kiosk: true, maximized: false }],
    ['maximized', { maximized: true }, [], { kiosk: false, maximized: true }],
  ])('%s from %j: %j', (mode, initial, expectedCalls, expectedState) => {
    const { window, calls, state } = fakeWindow(initial);
    applyCounterMode(window, mode, { screenTooSmall: false });
    expect(calls).toEqual(expectedCalls);
    expect({ kiosk: state.kiosk, maximized: state.maximized }).toEqual(expectedState);
  });

  it('a normal window stays maximised on a screen too small for a 1024×768 page', () => {
    const { window, state } = fakeWindow({ maximized: true });
    applyCounterMode(window, 'window', { screenTooSmall: true });
    expect(state.maximized).toBe(true);
    const fresh = fakeWindow();
    applyCounterMode(fresh.window, 'window', { screenTooSmall: true });
    expect(fresh.calls).toEqual(['maximize']);
  });

  it('does nothing to a closed window', () => {
    const { window, calls, state } = fakeWindow();
    state.destroyed = true;
    applyCounterMode(window, 'kiosk', { screenTooSmall: false });
    expect(calls).toEqual([]);
  });
});

describe('watchCounterMode (over the real dispatcher and store)', () => {
  it("applies a manager's change at once, only when it changes, and never for a refused call", async () => {
    const { core, tokens } = await makeStaffedCore();
    const seen: CounterMode[] = [];
    const dispatch = watchCounterMode(
      core.dispatch,
      () => readSettings(core.db).counterMode,
      (mode) => seen.push(mode),
    );
    await dispatch('settings:update', { counterMode: 'kiosk' }, { token: tokens.manager });
    expect(seen).toEqual(['kiosk']);
    await dispatch('settings:update', { storeName: 'Tea House' }, { token: tokens.manager });
    await dispatch('points:getRules', {}, { token: tokens.cashier });
    expect(seen).toEqual(['kiosk']);
    const refused = await dispatch('settings:update', { counterMode: 'window' }, { token: tokens.cashier });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(seen).toEqual(['kiosk']);
    await dispatch('settings:update', { counterMode: 'window' }, { token: tokens.owner });
    expect(seen).toEqual(['kiosk', 'window']);
  });

  it('a window that cannot take the mode never breaks the call that already succeeded', async () => {
    const { core, tokens } = await makeStaffedCore();
    const log = vi.fn();
    const dispatch = watchCounterMode(
      core.dispatch,
      () => readSettings(core.db).counterMode,
      () => {
        throw new Error('window gone');
      },
      log,
    );
    const r = await dispatch('settings:update', { counterMode: 'maximized' }, { token: tokens.owner });
    expect(r).toMatchObject({ ok: true, value: { counterMode: 'maximized' } });
    expect(log).toHaveBeenCalledWith('could not apply the counter mode', expect.any(Error));
  });
});
