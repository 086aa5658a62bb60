import type { z } from 'zod';
import { authContract } from './auth';
import { staffContract } from './staff';
import { auditContract } from './audit';
import { settingsContract } from './settings';
import { membersContract } from './members';
import { pointsContract } from './points';
import { pointsGoalsContract } from './points-goals';
import { rewardsContract } from './rewards';
import { offlineContract } from './offline';
import { reportsContract } from './reports';
import { syncContract } from './sync';

/**
 * The whole IPC surface: channel name → input schema, output type and every rule the
 * dispatcher applies around the handler (access, effect, idempotency, audit, refusals,
 * passive, allowed while locked, what the renderer refreshes after it).
 * Main validates against it, the preload allow-lists its names, the renderer's client
 * is typed by it, and the README's role matrix is generated from it.
 */
export const contract = {
  ...authContract,
  ...staffContract,
  ...auditContract,
  ...settingsContract,
  ...membersContract,
  ...pointsContract,
  ...pointsGoalsContract,
  ...rewardsContract,
  ...offlineContract,
  ...reportsContract,
  ...syncContract,
};

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type OutputOf<C extends ChannelName> = Contract[C] extends { readonly __output?: infer O } ? O : never;
/** What the handler of C notes for its audit record (`never`: nothing beyond input and output). */
export type NotesOf<C extends ChannelName> = Contract[C] extends { readonly __notes?: { notes: infer N } } ? N : never;
/** The reasons C can refuse with (`errors:<channel>.<reason>` in the renderer's catalogue). */
export type RefusalOf<C extends ChannelName> = Contract[C]['refusals'][number];
export type EffectOf<C extends ChannelName> = Contract[C]['effect'];
/** Channels of one effect: `ChannelsWith<'read'>` are the queries the renderer can refresh. */
export type ChannelsWith<E extends 'read' | 'write' | 'job'> = {
  [C in ChannelName]: Contract[C]['effect'] extends E ? C : never;
}[ChannelName];

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export { REFUSALS, STORE_REFUSALS, isRefusal, type Refusal, type StoreRefusal } from './refusals';
export type { ChannelDef, Effect, RecordedAudit, JobAudit, ApprovalSpec, AuditCall, StoredResult } from './define';
export type { AuthStatus, SignInResult } from './auth';
export type { StaffDto } from './staff';
export type { AuditEntryDto, AuditVerifyResult } from './audit';

// Compile-time check: every `invalidates` entry names a read channel (the renderer
// refreshes queries, never re-runs a write). The rest is checked by test/core/dispatcher-pipeline.test.ts.
type Invalidated = {
  [C in ChannelName]: Contract[C] extends { invalidates?: readonly (infer I)[] } ? I : never;
}[ChannelName];
/** The read channels the renderer refreshes after C succeeds. */
export type InvalidatesOf<C extends ChannelName> = Contract[C] extends { invalidates?: readonly (infer I)[] }
  ? Extract<I, ChannelName>
  : never;
type Assert<T extends true> = T;
export type _InvalidatesNameReads = Assert<[Exclude<Invalidated, ChannelsWith<'read'>>] extends [never] ? true : false>;

// Compile-time check: a `storedResult` is re-read by a read channel whose input is what
// `keep` stores (a retry gets that read's answer). That it sits on an idempotent write is
// checked by test/core/dispatcher-pipeline.test.ts.
type StoredResultOk = {
  [C in ChannelName]: Contract[C] extends { storedResult?: { keep: (o: never) => infer K; reread: infer R } }
    ? [R] extends [never]
      ? true
      : R extends ChannelsWith<'read'>
        ? K extends InputOf<R>
          ? true
          : C
        : C
    : true;
}[ChannelName];
export type _StoredResultsRereadReads = Assert<[Exclude<StoredResultOk, true>] extends [never] ? true : false>;
