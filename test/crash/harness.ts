import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { rng, type AckedOp, type ChildMessage, type ChildState, type OpKind } from './protocol';
import { verifyStore } from './verify';

/**
 * The crash harness: N times, start a child doing random operations on one file
 * database, SIGKILL it at a random moment, and check the store (test/crash/verify.ts).
 * Most kills land while operations are running; some land during start-up (open,
 * migrations, start-up checks, the in-flight retry).
 */
export interface CrashOptions {
  kills: number;
  seed?: number;
  /** Kill between these many ms after the child reports ready. */
  windowMs?: [number, number];
  /** Keep the database folder (printed) instead of deleting it. */
  keep?: boolean;
  log?: (line: string) => void;
}

export interface CrashSummary {
  kills: number;
  violations: string[];
  lost: number;
  acked: number;
  ackedByKind: Partial<Record<OpKind, number>>;
  /** Kills that landed while an op was in flight (its retry after restart must apply it once). */
  killsMidOp: number;
  nacks: Record<string, number>;
  unavailable: OpKind[];
  dir: string;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const CHILD = join(HERE, 'child.ts');

interface LifeResult {
  acks: AckedOp[];
  /** The kill landed between an op's send and its ack (mid-transaction or just after commit). */
  killedMidOp: boolean;
  violations: string[];
  exitedOnItsOwn: boolean;
}

function runLife(
  statePath: string,
  state: ChildState,
  killAfterReadyMs: number,
  killEarlyMs: number | null,
  nacks: Record<string, number>,
): Promise<LifeResult> {
  return new Promise((resolveLife) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, statePath], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: AckedOp[] = [];
    const violations: string[] = [];
    let stderr = '';
    let killedByUs = false;
    const kill = () => {
      if (killedByUs) return;
      killedByUs = true;
      child.kill('SIGKILL');
    };
    const early = killEarlyMs === null ? null : setTimeout(kill, killEarlyMs);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let m: ChildMessage;
      try {
        m = JSON.parse(line) as ChildMessage;
      } catch {
        return; // a torn last line: the kill landed mid-write, and it was not an ack we counted
      }
      switch (m.t) {
        case 'ready':
          if (early === null) setTimeout(kill, killAfterReadyMs);
          break;
        case 'sent':
          state.inflight = m.op;
          break;
        case 'ack':
          acks.push(m.op);
          state.inflight = null;
          applyAck(state, m.op);
          break;
        case 'nack':
          state.inflight = null;
          nacks[`${m.kind}:${m.code}`] = (nacks[`${m.kind}:${m.code}`] ?? 0) + 1;
          break;
        case 'unavailable':
          state.inflight = null;
          if (!state.unavailable.includes(m.kind)) state.unavailable.push(m.kind);
          break;
        case 'violation':
          violations.push(`life ${state.life}: ${m.message}`);
          break;
      }
    });
    child.on('exit', () => {
      if (early) clearTimeout(early);
      lines.close();
      if (!killedByUs) violations.push(`life ${state.life}: child exited on its own: ${stderr.slice(-2000)}`);
      resolveLife({ acks, violations, exitedOnItsOwn: !killedByUs, killedMidOp: state.inflight !== null });
    });
  });
}

function applyAck(state: ChildState, op: AckedOp) {
  if (op.kind === 'member') state.members.push(op.createdId!);
  if (op.kind === 'award') state.receipts.push(String(op.input.receiptNo));
  if (op.kind === 'redeem') state.redemptions.push(op.createdId!);
  if (op.kind === 'refund') state.receipts = state.receipts.filter((r) => r !== op.input.receiptNo);
  if (op.kind === 'void') state.redemptions = state.redemptions.filter((r) => r !== op.input.redemptionId);
  // Keep the state file small: the child only needs some of each to pick from.
  if (state.members.length > 200) state.members.splice(0, state.members.length - 200);
  if (state.receipts.length > 200) state.receipts.splice(0, state.receipts.length - 200);
  if (state.redemptions.length > 200) state.redemptions.splice(0, state.redemptions.length - 200);
}

const opKey = (op: AckedOp) => `${op.kind}:${String(op.input.opId ?? op.createdId ?? op.input.storeName)}`;

export async function runCrashHarness(opts: CrashOptions): Promise<CrashSummary> {
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const [lo, hi] = opts.windowMs ?? [30, 400];
  const log = opts.log ?? (() => {});
  const random = rng(seed);
  const dir = mkdtempSync(join(tmpdir(), 'perkdesk-crash-'));
  const dbPath = join(dir, 'perkdesk.sqlite');
  const statePath = join(dir, 'child-state.json');
  const state: ChildState = {
    dbPath,
    seed,
    life: 0,
    members: [],
    receipts: [],
    redemptions: [],
    inflight: null,
    unavailable: [],
  };
  const violations: string[] = [];
  const lostKeys = new Set<string>();
  const allAcks: AckedOp[] = [];
  const ackedByKind: Partial<Record<OpKind, number>> = {};
  let killsMidOp = 0;
  /** Refusals by kind:code — expected ones (insufficient points, already refunded) show the mix is realistic. */
  const nacks: Record<string, number> = {};
  log(`crash: seed=${seed} db=${dbPath}`);

  try {
    for (let k = 1; k <= opts.kills; k++) {
      state.life = k;
      writeFileSync(statePath, JSON.stringify(state));
      // The first life must finish set-up; later ones are sometimes killed while starting.
      const killEarly = k > 1 && random() < 0.15 ? Math.floor(random() * 1500) : null;
      const killAfter = lo + Math.floor(random() * (hi - lo));
      const life = await runLife(statePath, state, killAfter, killEarly, nacks);
      violations.push(...life.violations);
      if (life.killedMidOp) killsMidOp++;
      for (const a of life.acks) ackedByKind[a.kind] = (ackedByKind[a.kind] ?? 0) + 1;
      allAcks.push(...life.acks);

      const v = await verifyStore(dbPath, life.acks);
      violations.push(...v.violations.map((x) => `after kill ${k}: ${x}`));
      for (const op of v.lost) lostKeys.add(opKey(op));
      log(
        `kill ${k}/${opts.kills} ${killEarly === null ? `${killAfter} ms after ready` : `${killEarly} ms after start`}: ` +
          `${life.killedMidOp ? 'mid-op, ' : ''}acked ${life.acks.length}, lost ${v.lost.length}, violations ${life.violations.length + v.violations.length}`,
      );
      if (life.exitedOnItsOwn) break;
    }
    // Finally, everything ever acknowledged, once more: a later crash must not undo an earlier commit.
    const final = await verifyStore(dbPath, allAcks);
    violations.push(...final.violations.map((x) => `final: ${x}`));
    for (const op of final.lost) lostKeys.add(opKey(op));
    log(
      `final check: ${allAcks.length} acknowledged ops, unavailable kinds: ${state.unavailable.join(', ') || 'none'}`,
    );
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
  return {
    kills: opts.kills,
    violations,
    lost: lostKeys.size,
    acked: allAcks.length,
    ackedByKind,
    killsMidOp,
    nacks,
    unavailable: state.unavailable,
    dir,
  };
}
