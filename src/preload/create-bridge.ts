import { SHELL_CHANNELS, type InvokeEnvelope, type PerkdeskBridge } from '../shared/bridge';
import type { Result } from '../shared/errors';

/** The one thing the preload needs from ipcRenderer; never handed to the page. */
export interface Invoker {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

export const UNKNOWN_CHANNEL_MESSAGE = 'Unknown channel';

/**
 * Builds `window.perkdesk`. Only channels on the allow-list are forwarded; anything
 * else is answered here with a VALIDATION error and never reaches ipcRenderer (and so
 * never reaches main). The envelope is rebuilt from its two fields, so nothing else a
 * page might attach travels over IPC. Main checks the sender and validates again:
 * this list is a narrowing, not the security boundary.
 */
export function createBridge(ipc: Invoker, allowedChannels: readonly string[]): PerkdeskBridge {
  const allowed = new Set(allowedChannels);
  const bridge: PerkdeskBridge = {
    host: 'electron',
    invoke(channel: string, envelope: InvokeEnvelope): Promise<Result<unknown>> {
      if (typeof channel !== 'string' || !allowed.has(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'VALIDATION', message: UNKNOWN_CHANNEL_MESSAGE } });
      }
      const token = envelope && typeof envelope.token === 'string' ? envelope.token : null;
      const input = envelope ? envelope.input : undefined;
      return ipc.invoke(channel, { token, input }) as Promise<Result<unknown>>;
    },
    print: () => ipc.invoke(SHELL_CHANNELS.print) as Promise<{ ok: boolean }>,
    chooseFolder: () => ipc.invoke(SHELL_CHANNELS.chooseFolder) as Promise<string | null>,
  };
  return Object.freeze(bridge);
}
