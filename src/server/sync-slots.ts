import pLimit, { type LimitFunction } from 'p-limit';

/**
 * Connections kept free of sync traffic for what a cashier is waiting on: an online
 * redemption, a card lookup, a hold, and each request's own terminal check. Measured
 * (bench/server.ts, 100 terminals pushing into a pool of 20): with pushes free to take
 * every connection, an online redemption waited behind them — p99 3.1 s, worst 122 s,
 * past the terminal's 15 s timeout, so the spend fell back to the offline allowance.
 */
export const COUNTER_RESERVED_CONNECTIONS = 4;

/** Pushes, pulls and bootstraps share this many of the pool's connections; the rest wait in line here. */
export function syncSlotsFor(poolMax: number): LimitFunction {
  return pLimit(Math.max(1, poolMax - COUNTER_RESERVED_CONNECTIONS));
}
