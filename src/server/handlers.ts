import type { EndpointName, EndpointOutput, EndpointParsedInput, SyncEndpoints } from '../shared/sync';
import { auditHead } from './audit-head';
import { createStore, enrolTerminal, issueEnrolmentCode, listTerminals, revokeTerminal } from './auth/terminals';
import { saveReward, saveRules } from './catalogue/catalogue';
import type { Caller, ServiceContext, TerminalCaller } from './context';
import { checkJournal } from './journal/journal';
import { issueCardBlock } from './members/card-blocks';
import { lookupMembers } from './members/lookup';
import { chainPinKey } from './auth/pin-key';
import { mergeMembers } from './members/merge';
import { bootstrap } from './pull/bootstrap';
import { pruneChanges } from './pull/prune';
import { pullChanges } from './pull/pull';
import { pushOps } from './push/ingest';
import { releaseHold, takeHold } from './redeem/holds';
import { redeemOnline } from './redeem/online';
import { claimVoucher } from './vouchers/claim';

/** The caller a handler receives, by the endpoint's auth (the HTTP layer has checked it). */
type CallerOf<E extends EndpointName> = SyncEndpoints[E]['auth'] extends 'terminal'
  ? TerminalCaller
  : SyncEndpoints[E]['auth'] extends 'admin'
    ? { kind: 'admin' }
    : SyncEndpoints[E]['auth'] extends 'none'
      ? null
      : Caller;

export type Handlers = {
  [E in EndpointName]: (
    ctx: ServiceContext,
    caller: CallerOf<E>,
    input: EndpointParsedInput<E>,
  ) => Promise<EndpointOutput<E>>;
};

/** One handler per endpoint of the protocol (src/shared/sync/endpoints.ts). */
export const handlers: Handlers = {
  'enrol:join': (ctx, _caller, input) => enrolTerminal(ctx, input),
  'keys:pin': async (ctx) => ({ pinKey: await chainPinKey(ctx.pool, ctx.now()) }),
  'sync:push': (ctx, caller, input) => ctx.syncSlots(() => pushOps(ctx, caller, input)),
  'sync:pull': (ctx, caller, input) => ctx.syncSlots(() => pullChanges(ctx, caller, input)),
  'sync:bootstrap': (ctx, caller, input) => ctx.syncSlots(() => bootstrap(ctx, caller, input)),
  'members:lookup': (ctx, caller, input) => lookupMembers(ctx, input, { withPins: caller.kind === 'terminal' }),
  'members:merge': (ctx, caller, input) => mergeMembers(ctx, caller, input),
  'cards:block': (ctx, caller, input) => issueCardBlock(ctx, caller, input),
  'redeem:online': (ctx, caller, input) => redeemOnline(ctx, caller, input),
  'vouchers:claim': (ctx, caller, input) => claimVoucher(ctx, caller, input),
  'holds:take': (ctx, caller, input) => takeHold(ctx, caller, input),
  'holds:release': (ctx, caller, input) => releaseHold(ctx, caller, input),
  'admin:createStore': (ctx, _caller, input) => createStore(ctx, input),
  'admin:issueEnrolmentCode': (ctx, _caller, input) => issueEnrolmentCode(ctx, input),
  'admin:revokeTerminal': (ctx, _caller, input) => revokeTerminal(ctx, input),
  'admin:listTerminals': (ctx, _caller, input) => listTerminals(ctx, input),
  'admin:saveRules': (ctx, _caller, input) => saveRules(ctx, input),
  'admin:saveReward': (ctx, _caller, input) => saveReward(ctx, input),
  'admin:checkJournal': (ctx) => checkJournal(ctx.pool),
  'admin:auditHead': (ctx, _caller, input) => auditHead(ctx, input),
  'admin:pruneChanges': (ctx, _caller, input) => pruneChanges(ctx, input),
};
