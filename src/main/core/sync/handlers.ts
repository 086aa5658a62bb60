import type { AreaHandlers } from '../handler-types';
import { defineArea } from '../area';
import { normalisePhone, phoneCountry } from '../members/normalize';
import { requireMember } from '../members/member-repo';
import { isProvisional } from '../members/provisional';
import { enrolTerminal } from './enrol';
import { lookupOnline } from './lookup';
import { provisionalAllowed } from './provisional-merge';
import { takeHoldFor } from './holds';
import { staffClaimOf } from './capture-ops';
import { syncRound } from './round';
import { isEnrolled, readSyncState } from './state';
import { listRefusedOps, readChainBalance, readSyncStatus } from './status';

export const syncHandlers: AreaHandlers<'sync'> = {
  'sync:status': (ctx) => readSyncStatus(ctx.db, ctx.settings().chainOfflineAllowancePoints),
  'sync:balance': (ctx, input) => readChainBalance(ctx.db, input.memberId),
  'sync:refused': (ctx, input) => listRefusedOps(ctx.db, input.limit),

  // Jobs: the network is awaited between short transactions, never inside one.
  'sync:enrol': async (ctx, input) => {
    const actor = ctx.requireActor();
    const r = await enrolTerminal(ctx, input);
    if (!r.ok) throw ctx.refuse(r.reason, {}, { message: r.message });
    ctx.audit(
      'sync.enrolled',
      r.value.storeId,
      { storeName: r.value.storeName, terminalName: r.value.terminalName },
      actor,
    );
    // The first download is the loop's next round (or sync:now): never a promise left
    // running here, which would outlive a core closed meanwhile.
    return r.value;
  },
  'sync:now': async (ctx) => {
    if (!isEnrolled(readSyncState(ctx.db))) throw ctx.refuse('syncNotEnrolled');
    const r = await syncRound(ctx);
    return { ok: r.ok, pushed: r.pushed, pulled: r.pulled, error: r.error ?? null };
  },
  'sync:hold': async (ctx, input) => {
    requireMember(ctx, input.memberId);
    // A provisional card is unknown to head office and never spends: nothing to hold.
    if (isProvisional(ctx.db, input.memberId)) return { outcome: 'off', remaining: 0, expiresAt: null };
    const r = await takeHoldFor(ctx, ctx.settings(), input.memberId, staffClaimOf(ctx.actor));
    const hold = r.kind === 'kept' || r.kind === 'taken' ? r.hold : null;
    return {
      outcome: r.kind,
      remaining: hold ? hold.points - hold.spent : 0,
      expiresAt: hold?.expiresAt ?? null,
    };
  },
  'sync:lookup': async (ctx, input) => {
    if (!isEnrolled(readSyncState(ctx.db))) throw ctx.refuse('syncNotEnrolled');
    const query =
      'cardNumber' in input
        ? { cardNumber: input.cardNumber }
        : { phone: normalisePhone(input.phone, phoneCountry(ctx.settings().memberPhoneCountry), ctx.refuse).e164 };
    const r = await lookupOnline(ctx, query);
    if (r.kind === 'found') return { memberIds: r.memberIds, unavailable: null, canRecordProvisional: false };
    if (r.kind === 'notFound') return { memberIds: [], unavailable: null, canRecordProvisional: false };
    // Head office could not be asked about a card: the counter may record it provisionally.
    return {
      memberIds: [],
      unavailable: r.message,
      canRecordProvisional: r.unreachable && 'cardNumber' in input && provisionalAllowed(ctx.db),
    };
  },
};

export const syncArea = defineArea({ name: 'sync', handlers: syncHandlers });
