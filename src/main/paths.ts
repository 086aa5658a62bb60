import { isAbsolute, join } from 'node:path';

export const DB_FILE_NAME = 'perkdesk.sqlite';

/**
 * The store lives in the OS user-data folder. `PERKDESK_DB` overrides it (a second
 * terminal profile on one machine, support cases); it must be an absolute path so a
 * relative one can't silently land in whatever folder the app was started from.
 */
export function resolveDbPath(userDataDir: string, env: Record<string, string | undefined> = process.env): string {
  const override = env.PERKDESK_DB?.trim();
  if (override) {
    if (!isAbsolute(override)) throw new Error(`PERKDESK_DB must be an absolute path, got "${override}"`);
    return override;
  }
  return join(userDataDir, DB_FILE_NAME);
}

/** Built layout: out/main/index.js next to out/preload/index.cjs and out/renderer/. */
export function builtPaths(mainDir: string) {
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    renderer: join(mainDir, '..', 'renderer'),
  };
}
