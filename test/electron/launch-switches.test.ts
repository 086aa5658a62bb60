import { describe, expect, it } from 'vitest';
import { checkLaunchSwitches, refusedSwitches, switchName } from '../../src/main/launch-switches';

const EXE = '/opt/PerkDesk/perkdesk';
const none = () => false;

describe('refusedSwitches', () => {
  it.each([
    ['--remote-debugging-port=9222', 'remote-debugging-port'],
    ['--remote-debugging-pipe', 'remote-debugging-pipe'],
    ['--remote-debugging-address=0.0.0.0', 'remote-debugging-address'],
    ['--remote-allow-origins=*', 'remote-allow-origins'],
    ['--inspect', 'inspect'],
    ['--inspect=0.0.0.0:9229', 'inspect'],
    ['--inspect-brk', 'inspect-brk'],
    ['--inspect-brk=9229', 'inspect-brk'],
    ['--inspect-port=9229', 'inspect-port'],
    ['--inspect-wait=9229', 'inspect-wait'],
    ['--inspect-publish-uid=http', 'inspect-publish-uid'],
    ['--js-flags=--allow-natives-syntax', 'js-flags'],
    ['--no-sandbox', 'no-sandbox'],
    ['--disable-gpu-sandbox', 'disable-gpu-sandbox'],
    ['--no-zygote', 'no-zygote'],
    ['--single-process', 'single-process'],
    ['--disable-web-security', 'disable-web-security'],
    ['--disable-site-isolation-trials', 'disable-site-isolation-trials'],
    ['--allow-file-access-from-files', 'allow-file-access-from-files'],
    ['--renderer-cmd-prefix=gdb --args', 'renderer-cmd-prefix'],
    ['--gpu-launcher=/tmp/x', 'gpu-launcher'],
    ['-remote-debugging-port=9222', 'remote-debugging-port'],
    ['-no-sandbox', 'no-sandbox'],
  ])('refuses %s', (arg, name) => {
    expect(refusedSwitches([EXE, arg], none, 'linux')).toEqual([name]);
  });

  it('reads Windows switches the way Chromium does there: /name and any case', () => {
    expect(refusedSwitches(['C:\\PerkDesk\\PerkDesk.exe', '/remote-debugging-port=9222'], none, 'win32')).toEqual([
      'remote-debugging-port',
    ]);
    expect(refusedSwitches(['PerkDesk.exe', '--No-Sandbox', '--INSPECT'], none, 'win32')).toEqual([
      'no-sandbox',
      'inspect',
    ]);
    // On Linux and macOS a leading / is a path, not a switch.
    expect(refusedSwitches([EXE, '/remote-debugging-port=9222'], none, 'linux')).toEqual([]);
  });

  it.each([
    [[EXE]],
    [[EXE, '.']],
    [[EXE, '--user-data-dir=/tmp/p']],
    [[EXE, '--lang=zh-CN', '--enable-logging']],
    [[EXE, '--force-device-scale-factor=1.25']],
    [['/Applications/PerkDesk.app/Contents/MacOS/PerkDesk', '-psn_0_123456']],
    [[EXE, '--', '--inspect']],
    [[EXE, 'remote-debugging-port']],
    [[EXE, '---']],
  ])('starts with %j', (argv) => {
    expect(refusedSwitches(argv, none, 'linux')).toEqual([]);
  });

  it('also refuses what Chromium holds from elsewhere (app.commandLine.hasSwitch), each switch once', () => {
    const held = new Set(['no-sandbox', 'remote-debugging-port']);
    expect(refusedSwitches([EXE, '--remote-debugging-port=1'], (n) => held.has(n), 'linux')).toEqual([
      'remote-debugging-port',
      'no-sandbox',
    ]);
    expect(
      refusedSwitches(
        [EXE],
        () => {
          throw new Error('not ready');
        },
        'linux',
      ),
    ).toEqual([]);
  });

  it('names switches, not values', () => {
    expect(switchName('--remote-debugging-port=9222', 'linux')).toBe('remote-debugging-port');
    expect(switchName('--x=--inspect', 'linux')).toBe('x');
    expect(refusedSwitches([EXE, '--lang=--inspect'], none, 'linux')).toEqual([]);
    expect(switchName('-', 'linux')).toBeNull();
    expect(switchName('--', 'linux')).toBeNull();
    expect(switchName('--9222', 'linux')).toBeNull();
  });
});

describe('checkLaunchSwitches', () => {
  const argv = [EXE, '--remote-debugging-port=9222', '--no-sandbox'];

  it('packaged: refuses, naming each switch in the log (the dialog text is mainTexts().launchRefused)', () => {
    const d = checkLaunchSwitches({ argv, hasSwitch: none, isPackaged: true, platform: 'linux' });
    expect(d).toMatchObject({ action: 'refuse', switches: ['remote-debugging-port', 'no-sandbox'] });
    if (d.action !== 'refuse') throw new Error('unreachable');
    expect(d.message).toContain('--remote-debugging-port, --no-sandbox');
    expect(d.message).toMatch(/does not start/);
  });

  it('development build: warns and starts (npm run dev and Playwright add --inspect / --remote-debugging-port)', () => {
    const d = checkLaunchSwitches({
      argv: [EXE, '--inspect=0', '--remote-debugging-port=0', '/repo'],
      hasSwitch: none,
      isPackaged: false,
      platform: 'linux',
    });
    expect(d).toMatchObject({ action: 'warn', switches: ['inspect', 'remote-debugging-port'] });
  });

  it('a clean start', () => {
    expect(checkLaunchSwitches({ argv: [EXE], hasSwitch: none, isPackaged: true, platform: 'darwin' })).toEqual({
      action: 'start',
    });
  });
});
