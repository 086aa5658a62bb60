import type { RuleSetWire } from '../../../shared/sync';
import type { Db, ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';
import { ruleSetSchema } from '../../../shared/contract/points';
import { insertRuleSet } from '../points/rules-repo';

/**
 * A rule set pulled from head office becomes a local rule set version (immutable, like
 * every local version) effective from head office's `effectiveFrom`, so the counter earns
 * by it from that moment through the same `ruleSetAt` as local rules: the latest
 * effective version wins, a head office set saved later winning a tie. Refunds then claw
 * back by the version the award recorded, as always. sync_remote keeps head office's
 * version beside the local one, so an award made by it names it (`headOfficeRuleVersion`)
 * and head office recomputes the points with the same earning code.
 *
 * A rule set head office holds for this store or the whole chain only (the pull filters).
 * A manager may still save local rules after it; the newest effective version wins.
 */
export function applyHeadOfficeRules(db: Db, wire: RuleSetWire, now: number): number {
  const rules = ruleSetSchema.parse(wire.rules);
  return insertRuleSet(db, rules, wire.effectiveFrom, now, null).version;
}

/** Head office's rule set version for a local version made from one (null: a local rule set). */
export function headOfficeVersionOf(db: ReadDb, localVersion: number): number | null {
  const v = stmt(
    db,
    "SELECT json_extract(data, '$.version') FROM sync_remote WHERE entity = 'rule' AND json_extract(data, '$.localVersion') = ?",
  )
    .pluck()
    .get(localVersion) as number | undefined;
  return v ?? null;
}
