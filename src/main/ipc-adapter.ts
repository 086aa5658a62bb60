import { CHANNEL_NAMES } from '../shared/contract';
import { SHELL_CHANNELS } from '../shared/bridge';
import type { Result } from '../shared/errors';
import type { Dispatch } from './core/dispatcher';
import type { SenderFacts } from './security';

/**
 * The thin adapter between Electron's ipcMain and the core's one dispatcher.
 * Written against a minimal `ipcMain`-shaped interface so tests drive it with a fake
 * event and a real core, without Electron.
 */
export type IpcListener = (event: SenderFacts, ...args: unknown[]) => unknown;

export interface IpcMainLike {
  handle(channel: string, listener: IpcListener): void;
  removeHandler(channel: string): void;
}

export type SenderCheck = (event: SenderFacts) => boolean;

export interface AdapterLogger {
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

export const UNTRUSTED_SENDER_MESSAGE = 'Refused: the request did not come from the PerkDesk window';
export const BAD_ENVELOPE_MESSAGE = 'Refused: malformed request envelope';

// No `satisfies` here: electronegativity's parser (TypeScript 4.2) can't read it.
const failure = (code: 'FORBIDDEN' | 'VALIDATION' | 'INTERNAL', message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

/**
 * `{ token, input }` from the preload. The token is an opaque string or null; anything
 * else (numbers, objects, getters smuggled through structured clone) is refused before
 * the dispatcher sees it. The input itself is validated by the dispatcher's zod schema.
 */
export function readEnvelope(envelope: unknown): { token: string | null; input: unknown } | null {
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) return null;
  const proto = Object.getPrototypeOf(envelope);
  if (proto !== Object.prototype && proto !== null) return null;
  const { token, input } = envelope as Record<string, unknown>;
  if (token !== null && token !== undefined && (typeof token !== 'string' || token.length > 512)) return null;
  return { token: token ?? null, input };
}

/**
 * Registers every contract channel: sender check first (nothing from an untrusted
 * sender reaches the core, not even validation), then the dispatcher, which
 * validates, authorises and runs the handler. Returns an unregister function.
 */
export function registerCoreIpc(deps: {
  ipcMain: IpcMainLike;
  dispatch: Dispatch;
  isTrustedSender: SenderCheck;
  log?: AdapterLogger;
  channels?: readonly string[];
}): () => void {
  const { ipcMain, dispatch, isTrustedSender, log } = deps;
  const channels = deps.channels ?? CHANNEL_NAMES;
  for (const name of channels) {
    ipcMain.handle(name, async (event, envelope) => {
      if (!isTrustedSender(event)) {
        log?.warn(`refused ${name} from an untrusted sender (${describeSender(event)})`);
        return failure('FORBIDDEN', UNTRUSTED_SENDER_MESSAGE);
      }
      const env = readEnvelope(envelope);
      if (!env) return failure('VALIDATION', BAD_ENVELOPE_MESSAGE);
      try {
        return await dispatch(name, env.input, { token: env.token ?? undefined });
      } catch (err) {
        // The dispatcher turns handler errors into Results; this is the last net.
        log?.error(`dispatch of ${name} threw`, err);
        return failure('INTERNAL', 'Internal error');
      }
    });
  }
  return () => channels.forEach((name) => ipcMain.removeHandler(name));
}

/** The two shell services the preload offers besides the data channels. */
export interface ShellServices {
  /**
   * `ok` unless printing failed; a print the cashier cancelled in the OS dialog is
   * `{ ok: true, cancelled: true }`: nothing went wrong, so the page shows no error.
   */
  print(event: SenderFacts): Promise<{ ok: boolean; cancelled?: boolean }>;
  chooseFolder(event: SenderFacts): Promise<string | null>;
}

/** Same sender check as the data channels: an untrusted frame can't print or browse folders. */
export function registerShellIpc(deps: {
  ipcMain: IpcMainLike;
  services: ShellServices;
  isTrustedSender: SenderCheck;
  log?: AdapterLogger;
}): () => void {
  const { ipcMain, services, isTrustedSender, log } = deps;
  ipcMain.handle(SHELL_CHANNELS.print, async (event) => {
    if (!isTrustedSender(event)) {
      log?.warn(`refused ${SHELL_CHANNELS.print} from an untrusted sender (${describeSender(event)})`);
      return { ok: false };
    }
    try {
      return await services.print(event);
    } catch (err) {
      log?.error('print failed', err);
      return { ok: false };
    }
  });
  ipcMain.handle(SHELL_CHANNELS.chooseFolder, async (event) => {
    if (!isTrustedSender(event)) {
      log?.warn(`refused ${SHELL_CHANNELS.chooseFolder} from an untrusted sender (${describeSender(event)})`);
      return null;
    }
    try {
      return await services.chooseFolder(event);
    } catch (err) {
      log?.error('folder picker failed', err);
      return null;
    }
  });
  return () => {
    ipcMain.removeHandler(SHELL_CHANNELS.print);
    ipcMain.removeHandler(SHELL_CHANNELS.chooseFolder);
  };
}

/**
 * For the log only; never trusted. URLs are cut short so a huge data: URL can't flood it.
 * Reading a frame whose render frame is gone throws in Electron: that is logged too.
 */
function describeSender(event: SenderFacts): string {
  let url: unknown;
  try {
    url = event.senderFrame?.url ?? '(no frame)';
  } catch {
    url = '(frame disposed)';
  }
  return `webContents ${event.sender?.id ?? '?'}, ${String(url).slice(0, 120)}`;
}
