import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, contract, type ChannelName } from '../../src/shared/contract';
import { ERROR_CODES } from '../../src/shared/errors';
import type { z } from 'zod';
import { CASHIER, MANAGER, OWNER, makeStaffedCore, type TestCore } from '../helpers/core';
import { auditActionsSince, auditCount, auditTextSince, changedTables, fingerprint, secretsIn } from './fingerprint';
import { payloadFor } from './payloads';
import { seedStore } from './seed-store';

/**
 * Every channel in the contract (new ones are picked up automatically) × random payloads
 * × each caller (no session, cashier, manager, owner), straight through the dispatcher.
 * Properties: the answer is `{ok:true}` or a typed error (never INTERNAL, never a thrown
 * exception, nothing logged as an internal error), a refusal's `details.reason` is one
 * the channel declares in the contract (the core runs strict under tests: an undeclared
 * one would also come back INTERNAL), no PIN, password, code, key or token ever reaches
 * the audit log, and after any error the store is exactly as before — except the traces
 * a failure is meant to leave (below).
 *
 * Bounded in time: FUZZ_BUDGET_MS is shared by every channel × caller; FUZZ_RUNS caps the
 * runs of each. The defaults keep `npm run test:unit` short (10 runs ≈ 3,000 calls, ~10 s);
 * `npm run test:deep` sets the full budget (20 s, 60 runs) in vitest.deep.config.ts.
 * FUZZ_SEED replays a run.
 */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 5_000);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

type Caller = 'none' | 'cashier' | 'manager' | 'owner';
const CALLERS: Caller[] = ['none', 'cashier', 'manager', 'owner'];
const CREDENTIALS = { owner: OWNER, manager: MANAGER, cashier: CASHIER };

/** The dispatcher audits every denial in its own transaction: that row, and only it, may appear. */
const DENIAL_ACTIONS = new Set(['auth.denied', 'auth.forbidden']);

/**
 * Failures that must leave a trace (handlers throwing AppError with keepWrites): a wrong
 * password counts an attempt and is audited. Listed explicitly, so a new keepWrites
 * handler is a conscious decision that shows up here.
 */
const TRACE_ON_FAILURE: Partial<Record<ChannelName, string[]>> = {
  'auth:signIn': ['staff', 'audit_log'],
  'auth:unlock': ['staff', 'audit_log'],
  'auth:changePassword': ['staff', 'audit_log'],
  'auth:resetWithCode': ['staff', 'staff_reset_codes', 'audit_log'],
  'auth:recoverOwner': ['staff', 'meta', 'audit_log'],
  // A wrong member PIN or identity claim counts an attempt (back-off) and is audited.
  'members:changePin': ['members', 'audit_log'],
  'members:verifyPin': ['members', 'audit_log'],
  'members:resetPin': ['members', 'audit_log'],
  'points:award': ['members', 'audit_log'],
  'rewards:redeem': ['members', 'audit_log'],
  // A failed export is recorded (status bar: "last export failed: why") and audited.
  'offline:exportRun': ['export_runs', 'audit_log'],
};

const perCombinationMs = Math.max(60, Math.floor(BUDGET_MS / (CHANNEL_NAMES.length * CALLERS.length)));

describe('dispatcher fuzz', () => {
  it.each([...CHANNEL_NAMES])(
    '%s: typed errors only, nothing written on error',
    async (channel) => {
      const internalLogs: string[] = [];
      const { core, tokens: seedTokens } = await makeStaffedCore({
        log: { error: (message, err) => internalLogs.push(`${message}: ${String(err)}`) },
      });
      const ctx = await seedStore(core, seedTokens);
      const tokens: Partial<Record<Caller, string>> = {};
      const tokenFor = async (caller: Caller) => {
        if (caller === 'none') return undefined;
        const current = tokens[caller];
        const s = current ? core.sessions.get(current) : null;
        // auth:signOut / auth:lock succeed with {}: start a fresh session when needed.
        if (!s || s.locked) {
          const who = CREDENTIALS[caller];
          tokens[caller] = (await core.ok('auth:signIn', { username: who.username, password: who.password })).token;
        }
        return tokens[caller];
      };

      for (const caller of CALLERS) {
        const payloads = payloadFor(contract[channel].input as z.ZodType, ctx);
        // The budget is checked before each call rather than with fast-check's
        // interruptAfterTimeLimit, which races a slow call (a backup starts a worker)
        // against a timer and leaves it running into the next check. A call starts only
        // inside the budget, and the first one always runs.
        const deadline = Date.now() + perCombinationMs;
        let calls = 0;
        await fc.assert(
          fc.asyncProperty(payloads, async (payload) => {
            if (calls > 0 && Date.now() > deadline) return;
            calls++;
            const token = await tokenFor(caller);
            await checkOneCall(core, channel, caller, payload, token, internalLogs);
          }),
          { numRuns: RUNS, seed: SEED },
        );
      }
    },
    CALLERS.length * perCombinationMs + 20_000,
  );
});

async function checkOneCall(
  core: TestCore,
  channel: ChannelName,
  caller: Caller,
  payload: unknown,
  token: string | undefined,
  internalLogs: string[],
) {
  const before = fingerprint(core.db);
  let r;
  try {
    r = await core.dispatch(channel, payload, { token });
  } catch (err) {
    throw new Error(`${channel} as ${caller}: the dispatcher threw ${String(err)}`);
  }
  expect(Object.prototype, 'prototype pollution').not.toHaveProperty('polluted');
  expect(internalLogs, `${channel} as ${caller}: internal error logged`).toEqual([]);
  const after = fingerprint(core.db);
  const recorded = auditTextSince(core.db, auditCount(before));
  for (const secret of secretsIn([payload, r.ok ? r.value : null])) {
    expect(recorded.includes(JSON.stringify(secret)), `${channel} as ${caller}: a secret reached the audit log`).toBe(
      false,
    );
  }
  if (r.ok) return;
  expect(ERROR_CODES, `${channel} as ${caller}: unknown code`).toContain(r.error.code);
  expect(r.error.code, `${channel} as ${caller}: ${r.error.message}`).not.toBe('INTERNAL');
  expect(typeof r.error.message).toBe('string');
  const reason = r.error.details?.reason;
  if (reason !== undefined) {
    expect(contract[channel].refusals as readonly unknown[], `${channel} as ${caller}: undeclared refusal`).toContain(
      reason,
    );
  }

  const changed = changedTables(before, after);
  if (changed.length === 0) return;
  const allowedTrace = TRACE_ON_FAILURE[channel];
  if (allowedTrace) {
    expect(
      changed.filter((t) => !allowedTrace.includes(t)),
      `${channel}: failure changed`,
    ).toEqual([]);
    return;
  }
  // Otherwise only a denial's own audit record.
  const isDenial = r.error.code === 'FORBIDDEN' || r.error.code === 'UNAUTHENTICATED';
  expect(changed, `${channel} as ${caller} (${r.error.code}) changed tables`).toEqual(isDenial ? ['audit_log'] : []);
  const added = auditActionsSince(core.db, auditCount(before));
  expect(
    added.filter((a) => !DENIAL_ACTIONS.has(a)),
    `${channel}: audit on denial`,
  ).toEqual([]);
}
