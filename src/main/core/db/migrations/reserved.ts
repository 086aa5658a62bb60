import type { Migration } from '../migration';

/**
 * Migration numbers are handed out per branch (008 staff, 009 counter, 010 rules,
 * 011 perf, 012 chain), but `migrate` wants versions 1, 2, 3 … with no gap. Until the
 * other branches land, this fills each missing version below the highest with a step
 * that does nothing, so a branch can run its own migration. Once every number is taken
 * by a real migration this adds nothing, and it can be deleted.
 *
 * Only ever a development state: a database migrated past a placeholder would never run
 * the real migration of that number. Released builds must have no placeholder left
 * (test/core/migrations/012-sync.test.ts lists them).
 */
export function withReservedGaps(migrations: readonly Migration[]): Migration[] {
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  const top = Math.max(0, ...migrations.map((m) => m.version));
  const out: Migration[] = [];
  for (let v = 1; v <= top; v++) {
    out.push(
      byVersion.get(v) ?? { version: v, name: `${String(v).padStart(3, '0')}-reserved-placeholder`, up: () => {} },
    );
  }
  return out;
}
