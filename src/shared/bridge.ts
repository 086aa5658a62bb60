import type { Result } from './errors';

/**
 * What the preload exposes as `window.perkdesk` (and what the test host injects in its
 * place). Deliberately tiny: one allow-listed invoke plus a few shell services that
 * carry no data of ours. Never `ipcRenderer` itself.
 */
export interface InvokeEnvelope {
  token: string | null;
  input: unknown;
}

export interface PerkdeskBridge {
  /** 'electron' in the app, 'test-host' under Playwright in plain Chromium. */
  readonly host: 'electron' | 'test-host';
  invoke(channel: string, envelope: InvokeEnvelope): Promise<Result<unknown>>;
  /** Opens the OS print dialog for the current page (member card). */
  print(): Promise<{ ok: boolean }>;
  /** Native folder picker; null when cancelled or not available (test host). */
  chooseFolder(): Promise<string | null>;
}

/** IPC channel names for the shell services (not part of the data contract). */
export const SHELL_CHANNELS = {
  print: 'shell:print',
  chooseFolder: 'shell:chooseFolder',
} as const;
