import { z } from 'zod';
import { channel } from './define';
import { empty, id, line } from './common';
import { cardNumber } from './members';
import { CASHIER_UP, MANAGER_UP } from '../roles';

/**
 * Chain mode, the terminal side (issue 12): enrolment with head office, the sync status
 * the status bar polls, a round on demand, an online member lookup and a member's chain
 * balance. The protocol itself is src/shared/sync; the loop that pushes and pulls in the
 * background is core/sync/loop.ts. A standalone terminal answers `{ mode: 'standalone' }`
 * and nothing else changes for it.
 */

export type SyncStatusDto =
  | { mode: 'standalone' }
  | {
      mode: 'chain';
      storeName: string;
      terminalName: string;
      serverUrl: string;
      /** The last round reached head office and nothing failed since. */
      online: boolean;
      /** The first failed round since the last good one. */
      offlineSince: number | null;
      lastContactAt: number | null;
      pulledAt: number | null;
      /** Head office refused this terminal's credential: it needs a new enrolment. */
      revoked: boolean;
      /** Operations in the outbox not yet recorded by head office, and the oldest one's time. */
      waiting: number;
      oldestWaitingAt: number | null;
      /** Refused by head office for good (a manager looks at them) — never block the queue. */
      rejected: number;
      conflicts: number;
      /** Operations the protocol cannot carry (a bug): kept, never sent. */
      unsendable: number;
      lastError: string | null;
      /** Points one member may spend here per outage while head office is unreachable (a store setting). */
      offlineAllowance: number;
      /** This outage so far (null while online): points spent offline here, and by how many members. */
      offlineSpent: { points: number; members: number } | null;
    };

export interface SyncRoundDto {
  ok: boolean;
  pushed: number;
  pulled: number;
  error: string | null;
}

export interface SyncEnrolDto {
  storeId: string;
  storeName: string;
  terminalName: string;
}

export interface SyncLookupDto {
  /** Members head office found, now known here too (a phone can find several). */
  memberIds: string[];
  /** Why head office could not be asked (offline, standalone); null when it answered. */
  unavailable: string | null;
  /**
   * A card head office could not be asked about (unreachable, not refused): the counter
   * may offer members:recordProvisional. False whenever head office answered (found or
   * not) and for a phone.
   */
  canRecordProvisional: boolean;
}

/** An op head office refused for good (rejected) or as a reused op id (conflict). */
export interface SyncRefusedOpDto {
  seq: number;
  kind: string;
  state: 'rejected' | 'conflict';
  reason: string | null;
  message: string | null;
  at: number;
  answeredAt: number | null;
}

export interface SyncBalanceDto {
  memberId: string;
  /** Head office's balance as last pulled; null when head office has not reported one. */
  headOffice: number | null;
  held: number;
  asOf: number | null;
  /** This terminal's points not yet in head office's balance. */
  here: number;
  total: number;
}

/** `sync:hold`: what the counter's background hold request came to (sync/holds.ts). */
export interface SyncHoldDto {
  /**
   * off: the store takes no holds (chainHoldPoints 0) or the terminal is not in a chain;
   * kept: a hold was already open; taken: head office reserved `points` just now;
   * none: nothing free to hold, or head office not reachable.
   */
  outcome: 'off' | 'kept' | 'taken' | 'none';
  /** Points left in the hold for spending here (0 without one). */
  remaining: number;
  expiresAt: number | null;
}

const serverUrl = z
  .string()
  .max(300)
  .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http(s) address');

export const syncContract = {
  /** Polled by the status bar. */
  'sync:status': channel<SyncStatusDto>()({
    input: empty,
    access: 'signedIn',
    effect: 'read',
    passive: true,
    refusals: [],
  }),
  /** A manager types head office's address and the one-time code. */
  'sync:enrol': channel<SyncEnrolDto>()({
    input: z.strictObject({
      serverUrl,
      code: z.string().trim().min(8).max(64),
      name: line(80),
    }),
    access: MANAGER_UP,
    effect: 'job',
    refusals: [
      'syncAlreadyEnrolled', // enrolled and not revoked
      'syncUnreachable', // head office did not answer: nothing changed
      'syncEnrolRefused', // a wrong, used or expired code
    ],
    audit: { action: 'sync.enrolled', recordedBy: 'job' },
    invalidates: ['sync:status'],
  }),
  /** Push and pull now instead of waiting for the loop. */
  'sync:now': channel<SyncRoundDto>()({
    input: empty,
    access: CASHIER_UP,
    effect: 'job',
    refusals: ['syncNotEnrolled'],
    invalidates: ['sync:status'],
  }),
  /** A card or phone not found here, asked of head office (and kept here when found). */
  'sync:lookup': channel<SyncLookupDto>()({
    input: z.union([z.strictObject({ cardNumber }), z.strictObject({ phone: line(40) })]),
    access: CASHIER_UP,
    effect: 'job',
    refusals: ['syncNotEnrolled', 'phoneInvalid'],
    invalidates: ['sync:status'],
  }),
  /**
   * Sent by the counter in the background when a member is opened: reserve up to the
   * store's `chainHoldPoints` at head office for offline spending here.
   */
  'sync:hold': channel<SyncHoldDto>()({
    input: z.strictObject({ memberId: id }),
    access: CASHIER_UP,
    effect: 'job',
    refusals: ['memberNotFound'],
    invalidates: ['sync:balance'],
  }),
  /** For the manager: what head office refused, newest first (its local effect stands until undone by hand). */
  'sync:refused': channel<SyncRefusedOpDto[]>()({
    input: z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }),
    access: MANAGER_UP,
    effect: 'read',
    refusals: [],
  }),
  /** "1,240 pts (head office, 10:41) + 157 here". */
  'sync:balance': channel<SyncBalanceDto>()({
    input: z.strictObject({ memberId: id }),
    access: CASHIER_UP,
    effect: 'read',
    refusals: [],
  }),
};
