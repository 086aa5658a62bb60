import { describe, expect, it } from 'vitest';
import { checkLaunchSwitches } from '../../src/main/launch-switches';

/**
 * Finding ("Smaller:"): a packaged build would honour `--remote-debugging-port` (anyone at
 * the till's desktop could attach DevTools to the renderer and call the dispatcher with
 * the signed-in cashier's session). The attack's every spelling, against the decision the
 * shell takes before `app.whenReady()`; the shell itself, booted with `electron` mocked,
 * explains and exits 1 without opening a window (test/electron/main-lifecycle.test.ts,
 * "packaged, started with …").
 */
const EXE = '/opt/PerkDesk/perkdesk';
const none = () => false;

describe('a packaged build started to be debugged', () => {
  it.each([
    [[EXE, '--remote-debugging-port=9222'], 'linux'],
    [[EXE, '--remote-debugging-port=0', '--remote-allow-origins=*'], 'linux'],
    [[EXE, '--remote-debugging-pipe'], 'linux'],
    [[EXE, '-remote-debugging-port=9222'], 'linux'],
    [['C:\\PerkDesk\\PerkDesk.exe', '/Remote-Debugging-Port=9222'], 'win32'],
    [[EXE, '--inspect=0.0.0.0:9229'], 'darwin'],
    [[EXE, '--js-flags=--allow-natives-syntax'], 'linux'],
    [[EXE, '--no-sandbox', '--disable-web-security'], 'linux'],
  ] as const)('%j on %s: refused, never started', (argv, platform) => {
    const d = checkLaunchSwitches({ argv: [...argv], hasSwitch: none, isPackaged: true, platform });
    expect(d.action).toBe('refuse');
  });

  it('a switch Chromium holds from elsewhere (not in argv) is refused too', () => {
    const d = checkLaunchSwitches({
      argv: [EXE],
      hasSwitch: (name) => name === 'remote-debugging-port',
      isPackaged: true,
      platform: 'linux',
    });
    expect(d).toMatchObject({ action: 'refuse', switches: ['remote-debugging-port'] });
  });
});
