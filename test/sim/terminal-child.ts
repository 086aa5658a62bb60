import type { ChannelName } from '../../src/shared/contract';
import type { FromChild, ToChild } from './child-protocol';
import { openTill, type TillCore } from './terminal-core';

/**
 * A till in its own process, so the simulation can SIGKILL it in the middle of a push
 * and open the same SQLite file again. Its network is the parent's (every request goes
 * over IPC to test/sim/network.ts) and its clock is the parent's, sent with each call.
 */
let now = 0;
let till: TillCore | null = null;
let nextFetch = 0;
const waiting = new Map<number, { resolve: (r: Response) => void; reject: (e: Error) => void }>();
const send = (m: FromChild) => process.send?.(m);

const ipcFetch: typeof fetch = (input, init) =>
  new Promise((resolve, reject) => {
    const id = ++nextFetch;
    waiting.set(id, { resolve, reject });
    send({
      t: 'fetch',
      id,
      url: String(input),
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: String(init?.body ?? ''),
    });
  });

process.on('message', (raw) => {
  const m = raw as ToChild;
  void (async () => {
    if (m.t === 'open') {
      now = m.now;
      till = await openTill({ dbPath: m.dbPath, now: () => now, fetch: ipcFetch });
      send({ t: 'ready', terminalId: till.core.terminalId });
    } else if (m.t === 'fetched') {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (!w) return;
      if (m.error !== undefined) w.reject(new Error(m.error));
      else w.resolve(new Response(m.text ?? '', { status: m.status ?? 200 }));
    } else if (!till) {
      send({ t: 'failed', id: m.id, message: 'not open' });
    } else if (m.t === 'call') {
      now = m.now;
      try {
        send({ t: 'done', id: m.id, value: await till.call(m.channel as ChannelName, m.input as never, m.role) });
      } catch (err) {
        send({ t: 'failed', id: m.id, message: (err as Error).stack ?? String(err) });
      }
    } else if (m.t === 'read') {
      try {
        send({ t: 'done', id: m.id, value: till.read(m.sql, m.params) });
      } catch (err) {
        send({ t: 'failed', id: m.id, message: String(err) });
      }
    }
  })().catch((err) => {
    process.stderr.write(`terminal-child: ${(err as Error).stack}\n`);
    process.exit(3);
  });
});
process.on('disconnect', () => process.exit(0));
