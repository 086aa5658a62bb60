/**
 * Command-line switches a packaged PerkDesk refuses to start with.
 *
 * Anyone who can start the app can add switches to its shortcut. These hand a debugger,
 * a remote-control port or an unsandboxed renderer to whoever asks: the DevTools
 * protocol drives the renderer (and so every IPC channel) as the signed-in cashier,
 * `--inspect` runs code in main (the fuse EnableNodeCliInspectArguments is off in the
 * package, but nothing is lost by refusing it twice), and the rest switch off the web
 * security or the sandbox the security checklist rests on, or make Chromium run another
 * program for each child process.
 *
 * Development builds only warn: `npm run dev` and Playwright's `_electron` start
 * Electron with `--inspect` / `--remote-debugging-port` themselves.
 */
export const REFUSED_SWITCHES = [
  // Remote control of the renderer and of main.
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-allow-origins',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'inspect-publish-uid',
  'inspect-brk-node',
  'debug',
  'debug-brk',
  'debug-port',
  'js-flags',
  // The sandbox and web security.
  'no-sandbox',
  'disable-gpu-sandbox',
  'disable-setuid-sandbox',
  'no-zygote',
  'single-process',
  'disable-web-security',
  'disable-site-isolation-trials',
  'allow-running-insecure-content',
  'allow-file-access-from-files',
  // A program of the caller's choice run for each child process.
  'renderer-cmd-prefix',
  'gpu-launcher',
  'utility-cmd-prefix',
  'browser-subprocess-path',
] as const;

/** Switches matched by prefix as well: `--inspect-wait`, `--inspect-brk=0.0.0.0:1`, … */
const REFUSED_PREFIXES = ['inspect', 'remote-debugging'] as const;

/**
 * The switch name of one argv entry, as Chromium's parser reads it, or null when the
 * entry is not a switch. Chromium accepts `--name`, `-name` and on Windows `/name` (where
 * names are also case-insensitive); `--` ends the switches.
 */
export function switchName(arg: string, platform: NodeJS.Platform): string | null {
  const prefixes = platform === 'win32' ? ['--', '-', '/'] : ['--', '-'];
  const prefix = prefixes.find((p) => arg.startsWith(p));
  if (!prefix || arg === '--') return null;
  const rest = arg.slice(prefix.length);
  const name = rest.split('=', 1)[0]!;
  if (name === '' || !/^[A-Za-z]/.test(name)) return null;
  return platform === 'win32' ? name.toLowerCase() : name;
}

function isRefusedName(name: string): boolean {
  return (REFUSED_SWITCHES as readonly string[]).includes(name) || REFUSED_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * Every refused switch PerkDesk was started with: those in `argv` (up to a `--`) and
 * those Chromium holds for any other reason (`hasSwitch`, i.e. `app.commandLine`), in
 * argv order, each once.
 */
export function refusedSwitches(
  argv: readonly string[],
  hasSwitch: (name: string) => boolean,
  platform: NodeJS.Platform = process.platform,
): string[] {
  const found: string[] = [];
  const add = (name: string) => {
    if (!found.includes(name)) found.push(name);
  };
  // argv[0] is the executable.
  for (const arg of argv.slice(1)) {
    if (arg === '--') break;
    const name = switchName(arg, platform);
    if (name && isRefusedName(name)) add(name);
  }
  for (const name of REFUSED_SWITCHES) {
    let held = false;
    try {
      held = hasSwitch(name);
    } catch {
      held = false;
    }
    if (held) add(name);
  }
  return found;
}

/**
 * `message` is for the log, in English. What the person at the terminal reads when a
 * packaged build refuses is `mainTexts(…).launchRefused(switches)` (main-texts.ts).
 */
export type LaunchDecision =
  | { action: 'start' }
  | { action: 'warn'; switches: string[]; message: string }
  | { action: 'refuse'; switches: string[]; message: string };

/** What main does before `app.whenReady`: start, start with a warning (dev), or refuse. */
export function checkLaunchSwitches(opts: {
  argv: readonly string[];
  hasSwitch: (name: string) => boolean;
  isPackaged: boolean;
  platform?: NodeJS.Platform;
}): LaunchDecision {
  const switches = refusedSwitches(opts.argv, opts.hasSwitch, opts.platform);
  if (switches.length === 0) return { action: 'start' };
  const list = switches.map((s) => `--${s}`).join(', ');
  if (!opts.isPackaged) {
    return {
      action: 'warn',
      switches,
      message: `started with ${list}: a packaged PerkDesk refuses to start with these (development build, continuing)`,
    };
  }
  return {
    action: 'refuse',
    switches,
    message: `started with ${list}: a packaged PerkDesk does not start with these (refused, exiting)`,
  };
}
