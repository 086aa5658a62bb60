import type { RuleSetWire } from '../../../shared/sync';
import type { Db, ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';
import { ruleSetSchema } from '../../../shared/contract/points';
import { insertRuleSet } from '../points/rules-repo';
import { appendAudit } from '../audit/audit-log';
import { isEnrolled, readSyncState } from './state';

/** The audit action of a rules save: a pulled rule set is one, by head office. */
const RULES_SAVED = 'points.rulesSaved';
/** Who a pulled rule set's audit record names: no staff member, the sync loop for head office. */
export const HEAD_OFFICE_ACTOR = 'head office';

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
 * Once one has arrived the rules are head office's: points:saveRules refuses
 * (`rulesFromHeadOffice`, see headOfficeRules), so a local save cannot outrank them.
 *
 * Audited like a rules save, in the caller's transaction (the pull page's), so the
 * version and its record land together or not at all.
 */
export function applyHeadOfficeRules(db: Db, wire: RuleSetWire, now: number, terminalId: string): number {
  const rules = ruleSetSchema.parse(wire.rules);
  const saved = insertRuleSet(db, rules, wire.effectiveFrom, now, null);
  appendAudit(db, {
    at: now,
    terminalId,
    actorId: null,
    actorName: HEAD_OFFICE_ACTOR,
    action: RULES_SAVED,
    target: `v${saved.version}`,
    details: {
      version: saved.version,
      effectiveFrom: saved.effectiveFrom,
      headOfficeVersion: wire.version,
      headOfficeRuleSetId: wire.id,
      storeId: wire.storeId,
      rules,
    },
  });
  return saved.version;
}

/**
 * Head office's rule set in force (else the next one) this terminal holds, while it is enrolled (null: a single
 * terminal, or no rule set pulled yet — its manager authors the rules). Revoked still
 * counts: the rules it earns by are still head office's.
 */
export function headOfficeRules(
  db: ReadDb,
  now: number,
): { version: number; effectiveFrom: number; localVersion: number | null } | null {
  if (!isEnrolled(readSyncState(db))) return null;
  const row = stmt(
    db,
    `SELECT json_extract(data, '$.version') AS version, json_extract(data, '$.effectiveFrom') AS effectiveFrom,
            json_extract(data, '$.localVersion') AS localVersion
       FROM sync_remote WHERE entity = 'rule'
      ORDER BY json_extract(data, '$.effectiveFrom') <= ? DESC, json_extract(data, '$.effectiveFrom') DESC,
               json_extract(data, '$.localVersion') DESC LIMIT 1`,
  ).get(now) as { version: number; effectiveFrom: number; localVersion: number | null } | undefined;
  return row ?? null;
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
