import type { ChannelName } from '../../src/shared/contract';

/**
 * What the crash harness's parent and child say to each other. The child prints one
 * JSON object per line on stdout; an `ack` is printed only after the dispatcher
 * returned ok, i.e. after the transaction committed (writes to a pipe are synchronous
 * on Linux, so an ack the parent has read cannot be "in flight" when the kill lands).
 */
export type Role = 'owner' | 'manager' | 'cashier';

export type OpKind = 'member' | 'award' | 'redeem' | 'void' | 'refund' | 'staff' | 'setting';

export interface Op {
  kind: OpKind;
  channel: ChannelName;
  input: Record<string, unknown>;
  as: Role;
}

/** What an ack carries so the parent can find the op again after a restart. */
export interface AckedOp extends Op {
  /** The id of what the op created (member, purchase, redemption, staff), when it has one. */
  createdId?: string;
  /** For awards: what was earned, to compare with the stored purchase. */
  pointsEarned?: number;
}

export type ChildMessage =
  | { t: 'ready'; life: number }
  | { t: 'sent'; op: Op }
  | { t: 'ack'; op: AckedOp }
  | { t: 'nack'; kind: OpKind; code: string; message: string }
  | { t: 'unavailable'; kind: OpKind }
  | { t: 'violation'; message: string };

/** Handed to each child life through a JSON file. */
export interface ChildState {
  dbPath: string;
  seed: number;
  life: number;
  members: string[];
  /** Receipts of purchases not yet refunded. */
  receipts: string[];
  /** Active redemption ids. */
  redemptions: string[];
  /** The op sent but not acknowledged when the last life was killed: retried with the same opId. */
  inflight: Op | null;
  /** Kinds found not implemented yet (skipped from then on). */
  unavailable: OpKind[];
}

export const CREDENTIALS: Record<Role, { username: string; displayName: string; password: string }> = {
  owner: { username: 'crash-owner', displayName: 'Crash Owner', password: 'crash owner pass 1' },
  manager: { username: 'crash-manager', displayName: 'Crash Manager', password: 'crash manager pass 1' },
  cashier: { username: 'crash-cashier', displayName: 'Crash Cashier', password: 'crash cashier pass 1' },
};

/** Ops whose input carries an opId: a retry must return the first result and write nothing. */
export function isIdempotent(op: Op): boolean {
  return typeof op.input.opId === 'string';
}

/** A small seeded PRNG (mulberry32): reproducible runs from `--seed`. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
