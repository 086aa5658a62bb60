/**
 * Electron on Linux sandboxes its renderers with user namespaces when the kernel lets an
 * unprivileged process create one, and falls back to the setuid helper `chrome-sandbox`
 * otherwise. Ubuntu 23.10+ (AppArmor's `apparmor_restrict_unprivileged_userns`), Debian
 * with `unprivileged_userns_clone=0` and hardened kernels (`max_user_namespaces=0`) take
 * the fallback — and then Electron aborts at once unless the helper is owned by root with
 * mode 4755 (electron/electron#42510), which an npm install never leaves it.
 *
 * The fix is to set the helper up (or ship an AppArmor profile, as the .deb does), never
 * `--no-sandbox`: the renderer shows member data and must stay sandboxed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SYSCTLS = {
  appArmorRestricts: '/proc/sys/kernel/apparmor_restrict_unprivileged_userns',
  cloneAllowed: '/proc/sys/kernel/unprivileged_userns_clone',
  maxUserNamespaces: '/proc/sys/user/max_user_namespaces',
};

function readSysctl(path) {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The facts the diagnosis needs, read from this machine. */
export function readSandboxFacts(electronBinary) {
  const helper = join(dirname(electronBinary), 'chrome-sandbox');
  let helperStat = null;
  if (existsSync(helper)) {
    const s = statSync(helper);
    helperStat = { uid: s.uid, mode: s.mode };
  }
  return {
    appArmorRestricts: readSysctl(SYSCTLS.appArmorRestricts),
    cloneAllowed: readSysctl(SYSCTLS.cloneAllowed),
    maxUserNamespaces: readSysctl(SYSCTLS.maxUserNamespaces),
    helper,
    helperStat,
  };
}

/** Why unprivileged user namespaces are unusable here, or null when they work. */
export function userNamespaceBlocker(facts) {
  if (facts.appArmorRestricts === '1') return 'AppArmor restricts unprivileged user namespaces';
  if (facts.cloneAllowed === '0') return 'kernel.unprivileged_userns_clone is 0';
  if (facts.maxUserNamespaces === '0') return 'user.max_user_namespaces is 0';
  return null;
}

export function isHelperSetUp(stat) {
  return stat !== null && stat.uid === 0 && (stat.mode & 0o4755) === 0o4755;
}

/**
 * null when Electron's sandbox will start, else the message to print: what is wrong and
 * the exact commands that fix it.
 */
export function diagnoseLinuxSandbox(facts, platform = process.platform) {
  if (platform !== 'linux') return null;
  const blocker = userNamespaceBlocker(facts);
  if (!blocker || isHelperSetUp(facts.helperStat)) return null;
  const helper = facts.helper;
  const state = facts.helperStat
    ? `is owned by uid ${facts.helperStat.uid} with mode ${(facts.helperStat.mode & 0o7777).toString(8)}`
    : 'is missing';
  return [
    `Electron's sandbox cannot start on this machine: ${blocker}, so Electron needs its setuid`,
    `helper, and ${helper} ${state} (it must be owned by root with mode 4755).`,
    'Fix it once for this checkout:',
    `  sudo chown root:root '${helper}' && sudo chmod 4755 '${helper}'`,
    'or install the packaged .deb, which sets the helper up and adds an AppArmor profile.',
    'Do not run PerkDesk with --no-sandbox: the counter screen shows member data.',
  ].join('\n');
}
