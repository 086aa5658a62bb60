/**
 * One life of the crash harness's worker: opens the core on the file database, makes
 * sure the staff and a small catalogue exist, retries the op that was in flight when
 * the previous life was killed, then performs random operations through the dispatcher
 * until the parent SIGKILLs it. Run by test/crash/harness.ts, never by hand.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openCore } from '../../src/main/core/open-core';
import type { Result } from '../../src/shared/errors';
import {
  CREDENTIALS,
  rng,
  type AckedOp,
  type ChildMessage,
  type ChildState,
  type Op,
  type OpKind,
  type Role,
} from './protocol';

const state = JSON.parse(readFileSync(process.argv[2], 'utf8')) as ChildState;
const random = rng(state.seed * 7919 + state.life);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const say = (m: ChildMessage) => process.stdout.write(`${JSON.stringify(m)}\n`);

const core = openCore({
  dbPath: state.dbPath,
  bcryptCost: 4,
  allowWeakHashingForTests: true,
  log: { error: (message, err) => say({ t: 'violation', message: `logged: ${message} ${String(err)}` }) },
});

const tokens: Partial<Record<Role, string>> = {};
const unavailable = new Set<OpKind>(state.unavailable);
let serial = 0;
const unique = () => `${state.life}-${serial++}`;

async function call(as: Role | null, channel: string, input: unknown): Promise<Result<unknown>> {
  return core.dispatch(channel, input, { token: as ? tokens[as] : undefined });
}

async function signIn(role: Role): Promise<boolean> {
  const c = CREDENTIALS[role];
  const r = await call(null, 'auth:signIn', { username: c.username, password: c.password });
  if (r.ok) tokens[role] = (r.value as { token: string }).token;
  return r.ok;
}

/** Resumable: a kill during an earlier set-up leaves some of this done already. */
async function setUp() {
  const status = await call(null, 'auth:status', {});
  if (status.ok && (status.value as { needsSetup: boolean }).needsSetup) {
    const r = await call(null, 'auth:setupOwner', CREDENTIALS.owner);
    if (!r.ok) throw new Error(`setupOwner: ${r.error.code} ${r.error.message}`);
  }
  if (!(await signIn('owner'))) throw new Error('owner cannot sign in');
  for (const role of ['manager', 'cashier'] as const) {
    if (await signIn(role)) continue;
    const r = await call('owner', 'staff:create', { ...CREDENTIALS[role], role });
    if (!r.ok) throw new Error(`staff:create ${role}: ${r.error.code} ${r.error.message}`);
    if (!(await signIn(role))) throw new Error(`${role} cannot sign in`);
  }
}

/** Runs one op; reports sent → ack/nack. Returns the result. */
async function perform(op: Op): Promise<Result<unknown>> {
  say({ t: 'sent', op });
  const r = await call(op.as, op.channel, op.input);
  if (r.ok) {
    const v = r.value as Record<string, unknown>;
    const acked: AckedOp = { ...op };
    if (op.kind === 'member' || op.kind === 'staff') acked.createdId = String(v.id);
    if (op.kind === 'redeem') acked.createdId = String(v.id);
    if (op.kind === 'award') {
      acked.createdId = String(v.purchaseId);
      acked.pointsEarned = Number(v.pointsEarned);
    }
    say({ t: 'ack', op: acked });
    track(acked);
  } else if (r.error.message === 'not implemented yet') {
    unavailable.add(op.kind);
    say({ t: 'unavailable', kind: op.kind });
  } else {
    if (r.error.code === 'INTERNAL') say({ t: 'violation', message: `${op.channel}: INTERNAL ${r.error.message}` });
    say({ t: 'nack', kind: op.kind, code: r.error.code, message: r.error.message });
  }
  return r;
}

const members = [...state.members];
const receipts = [...state.receipts];
const redemptions = [...state.redemptions];
let rewards: string[] = [];
/** This life's acked idempotent ops, for in-process retries. */
const retryable: AckedOp[] = [];

function track(op: AckedOp) {
  if (op.kind === 'member') members.push(op.createdId!);
  if (op.kind === 'award') receipts.push(String(op.input.receiptNo));
  if (op.kind === 'redeem') redemptions.push(op.createdId!);
  if (op.kind === 'refund') receipts.splice(receipts.indexOf(String(op.input.receiptNo)), 1);
  if (op.kind === 'void') redemptions.splice(redemptions.indexOf(String(op.input.redemptionId)), 1);
  if (typeof op.input.opId === 'string') retryable.push(op);
  if (retryable.length > 50) retryable.shift();
}

async function loadRewards() {
  if (unavailable.has('redeem')) return;
  const list = await call('manager', 'rewards:list', {});
  if (!list.ok) return;
  rewards = (list.value as { id: string }[]).map((r) => r.id);
  for (const [name, costPoints] of [
    ['Crash mug', 50],
    ['Crash tote', 200],
  ] as const) {
    if (rewards.length >= 2) break;
    const r = await call('manager', 'rewards:create', { name: `${name} ${unique()}`, kind: 'goods', costPoints });
    if (r.ok) rewards.push((r.value as { id: string }).id);
  }
}

/** The next random op, or null when its kind cannot run yet (no members, no receipts...). */
function nextOp(): Op | null {
  const kind = pick<OpKind>([
    'member',
    'award',
    'award',
    'award',
    'redeem',
    'redeem',
    'void',
    'refund',
    'staff',
    'setting',
  ]);
  if (unavailable.has(kind)) return null;
  switch (kind) {
    case 'member': {
      const u = unique();
      return {
        kind,
        channel: 'members:register',
        input: { name: `Crash Member ${u}`, email: `m${u}@crash.test` },
        as: 'cashier',
      };
    }
    case 'award':
      if (members.length === 0) return null;
      return {
        kind,
        channel: 'points:award',
        input: {
          opId: randomUUID(),
          memberId: pick(members),
          receiptNo: `CR-${state.seed}-${unique()}`,
          totalMinor: 100 + Math.floor(random() * 50_000),
        },
        as: 'cashier',
      };
    case 'redeem':
      if (members.length === 0 || rewards.length === 0) return null;
      return {
        kind,
        channel: 'rewards:redeem',
        input: { opId: randomUUID(), memberId: pick(members), rewardId: pick(rewards) },
        as: 'cashier',
      };
    case 'void':
      if (redemptions.length === 0) return null;
      return {
        kind,
        channel: 'rewards:void',
        input: { opId: randomUUID(), redemptionId: pick(redemptions), reason: 'crash test void' },
        as: 'cashier',
      };
    case 'refund':
      if (receipts.length === 0) return null;
      return {
        kind,
        channel: 'points:refund',
        input: { opId: randomUUID(), receiptNo: pick(receipts) },
        as: 'cashier',
      };
    case 'staff': {
      const name = `crash${unique()}`;
      return {
        kind,
        channel: 'staff:create',
        input: { username: name, displayName: `Crash ${name}`, role: 'cashier', password: 'crash staff pass 1' },
        as: 'manager',
      };
    }
    case 'setting':
      return { kind, channel: 'settings:update', input: { storeName: `Crash Store ${unique()}` }, as: 'manager' };
  }
}

/** Same opId, same payload: must answer ok with the same outcome and not apply twice. */
async function retrySame(op: AckedOp) {
  const r = await call(op.as, op.channel, op.input);
  if (!r.ok) {
    say({
      t: 'violation',
      message: `retry of ${op.channel} ${String(op.input.opId)}: ${r.error.code} ${r.error.message}`,
    });
    return;
  }
  const v = r.value as Record<string, unknown>;
  if (op.kind === 'award' && (v.purchaseId !== op.createdId || v.pointsEarned !== op.pointsEarned)) {
    say({ t: 'violation', message: `retry of award ${String(op.input.opId)} answered a different purchase` });
  }
  if (op.kind === 'redeem' && v.id !== op.createdId) {
    say({ t: 'violation', message: `retry of redeem ${String(op.input.opId)} answered a different redemption` });
  }
}

async function main() {
  await setUp();
  await loadRewards();
  // The renderer retries what it never got an answer for, with the same opId.
  if (state.inflight && !unavailable.has(state.inflight.kind)) await perform(state.inflight);
  say({ t: 'ready', life: state.life });
  for (;;) {
    if (retryable.length > 0 && random() < 0.1) {
      await retrySame(pick(retryable));
      continue;
    }
    const op = nextOp();
    if (op) await perform(op);
    else if (members.length === 0 && unavailable.has('member')) {
      // Nothing member-based can run yet: keep the staff/settings/audit channels busy.
      await perform(
        nextOp() ?? {
          kind: 'setting',
          channel: 'settings:update',
          input: { storeName: `S ${unique()}` },
          as: 'manager',
        },
      );
    }
  }
}

main().catch((err) => {
  say({ t: 'violation', message: `child crashed: ${String(err?.stack ?? err)}` });
  process.exit(3);
});
