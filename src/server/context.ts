import type { LimitFunction } from 'p-limit';
import type { Pool } from './db/pool';

/** What every handler gets: the pool and the service clock (tests move it). */
export interface ServiceContext {
  pool: Pool;
  /** Sync traffic's share of the pool (sync-slots.ts): counter requests never queue behind it. */
  syncSlots: LimitFunction;
  now: () => number;
  log: ServiceLogger;
}

export interface ServiceLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, err?: unknown): void;
}

export type Caller = { kind: 'terminal'; terminalId: string; storeId: string } | { kind: 'admin' };
export type TerminalCaller = Extract<Caller, { kind: 'terminal' }>;
