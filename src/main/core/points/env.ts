import type { HandlerContext, ReadContext } from '../context';
import type { LedgerEnv } from './ledger';
import type { Currency } from './earn-calc';

/** The ledger environment of one handler call: one clock reading for every row it writes. */
export function ledgerEnv(ctx: HandlerContext, opId: string): LedgerEnv {
  return { db: ctx.db, now: ctx.now(), terminalId: ctx.terminalId, staffId: ctx.actor?.staffId ?? null, opId };
}

export function currencyOf(ctx: ReadContext): Currency {
  const s = ctx.settings();
  return { code: s.currency, digits: s.currencyMinorUnits };
}

export { MAX_PURCHASE_MINOR } from '../../../shared/limits';
/** Largest single award: a rule typo must not mint a billion points. */
export const MAX_AWARD_POINTS = 1_000_000_000;

/** The store's time zone for calendar days (expiry dates): the setting, else this machine's. */
export function storeTimeZone(ctx: ReadContext): string {
  return ctx.settings().timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
}
