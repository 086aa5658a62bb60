/**
 * Members lookups alone: `npx tsx bench/members-only.ts [members=100000] [iterations=2000]`.
 * Builds a fresh database in a temp folder, fills it with generateMembers, runs
 * benchLookups and prints JSON. (`npm run bench` runs everything, this included.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../src/main/core/open-core';
import { generateMembers } from './generate-members';
import { benchLookups, benchMemberList } from './lookup';

const n = Number(process.argv[2] ?? 100_000);
const iterations = Number(process.argv[3] ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'perkdesk-bench-members-'));
try {
  const core = openCore({ dbPath: join(dir, 'bench.sqlite'), skipStartupChecks: true });
  const gen = generateMembers(core.db, n, 42);
  core.db.pragma('optimize');
  const lookups = await benchLookups(core, { iterations });
  const manager = core.sessions.create(
    { id: 'bench-manager', username: 'bench-m', displayName: 'Bench', role: 'manager' },
    Date.now(),
  ).token;
  const list = await benchMemberList(core, { token: manager });
  console.log(JSON.stringify({ members: n, generate: gen, lookups, list }, null, 2));
  core.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
