/**
 * CI check: an area reads and writes only its own tables; another area's data comes
 * through a function that area exports (members' `requireActiveMember`, points'
 * `report-queries.ts`, staff's `staffDisplayNames`, ...). Every table the migrations
 * create must have an owner below, so a new table is a conscious decision.
 *
 * It reads the SQL in each file of src/main/core/<area>/ (FROM, JOIN, INTO, UPDATE,
 * DELETE FROM) and fails on a table owned by another area.
 *
 *   npx tsx scripts/check-areas.ts      (npm run check:areas)
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? '.', '..');
const core = join(root, 'src/main/core');

/** Table → the area (folder under src/main/core) that owns it; 'core' = the core's own files. */
const OWNER: Record<string, string> = {
  meta: 'core',
  points_operations: 'core', // the idempotency log (core/operations.ts); named for the migration that made it
  staff: 'staff',
  staff_reset_codes: 'staff',
  settings: 'settings',
  audit_log: 'audit',
  members: 'members',
  member_name_grams: 'members',
  members_counts: 'members', // live / inactive member counts kept by triggers (migration 016)
  members_fts: 'members',
  members_provisional: 'members', // cards recorded while head office could not be asked (migration 020)
  members_v20: 'members', // migration 020 rebuilds members under this name, then renames it
  points_rule_sets: 'points',
  points_ledger: 'points',
  points_balances: 'points',
  points_lots: 'points',
  points_lot_uses: 'points',
  points_purchases: 'points',
  points_purchase_lines: 'points',
  points_refunds: 'points',
  points_report_hours: 'points', // summaries of points tables kept by triggers (migration 011)
  points_goal_ledger: 'points', // goals and their vouchers, promo codes (migration 014)
  points_goal_ledger_v23: 'points', // migration 023 rebuilds points_goal_ledger under this name, then renames it
  points_goal_balances: 'points',
  points_vouchers: 'points',
  points_promo_batches: 'points',
  points_promo_codes: 'points',
  points_promo_code_uses: 'points',
  points_referrals: 'points', // who referred whom (migration 015; programme bonuses)
  points_member_months: 'points', // per-member running totals kept by triggers (migration 016)
  points_tier_spend: 'points', // rolling tier spend per member kept by triggers (migration 022)
  points_tier_window: 'points',
  points_chain_bonuses: 'points', // bonuses the chain gave, pulled from head office (migration 024)
  sync_chain_purchases: 'points', // the chain's purchases pulled from head office, for tiers (migration 021)
  rewards: 'rewards',
  reward_redemptions: 'rewards',
  export_runs: 'offline',
  sync_state: 'sync',
  sync_capture: 'sync',
  sync_capture_v19: 'sync', // migration 019 rebuilds sync_capture under this name, then renames it
  sync_outbox: 'sync',
  sync_balances: 'sync',
  sync_goals: 'sync', // the chain's stamp cards pulled from head office (migration 027)
  sync_remote: 'sync',
  sync_card_blocks: 'sync',
};

/**
 * Files that read across areas on purpose, and why. Keep this short.
 */
const EXEMPT: Record<string, string> = {
  'src/main/core/offline/export/datasets.ts':
    "the head-office export is a copy of the store's data, table by table (like a backup)",
  'src/main/core/offline/backup/check-in-worker.ts':
    'runs as plain JavaScript in a worker thread and cannot import core code (reads the terminal id, as readMeta does)',
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const withoutComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => m.replace(/[^\n]/g, ' '));
const lineOf = (src: string, index: number) => src.slice(0, index).split('\n').length;

const problems: string[] = [];

// Every table the migrations create has an owner.
const migrations = join(core, 'db/migrations');
for (const file of walk(migrations)) {
  const src = readFileSync(file, 'utf8');
  for (const m of src.matchAll(/CREATE (?:VIRTUAL )?TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)/g)) {
    if (!(m[1] in OWNER))
      problems.push(`${relative(root, file)}: table ${m[1]} has no owner in scripts/check-areas.ts`);
  }
}

let checked = 0;
for (const file of walk(core)) {
  const rel = relative(root, file);
  const area = relative(core, file).split('/').length > 1 ? relative(core, file).split('/')[0] : 'core';
  if (area === 'db' || rel in EXEMPT) continue;
  checked++;
  const src = withoutComments(readFileSync(file, 'utf8'));
  for (const m of src.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+([a-z_]+)\b/g)) {
    const owner = OWNER[m[1]];
    if (owner === undefined || owner === area) continue;
    problems.push(
      `${rel}:${lineOf(src, m.index)}: ${area} uses ${m[1]}, a table of ${owner} — call a function ${owner} exports`,
    );
  }
}

if (problems.length > 0) {
  console.error(`check-areas: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`check-areas: ${checked} core files, ${Object.keys(OWNER).length} tables, each read only by its area — ok`);
