import type { Db, ReadDb } from '../db/open-database';
import { stmt } from '../db/statements';
import { ruleSetSchema, type RuleSet, type RuleSetDto } from '../../../shared/contract/points';

interface RuleRow {
  version: number;
  effective_from: number;
  rules: string;
  created_at: number;
  created_by: string | null;
}

/**
 * Rule sets are immutable once saved, so a parsed version can be cached forever (per
 * connection). The award path then costs one indexed lookup for "which version now".
 */
// Keyed by version but checked against the stored text: a save rolled back after being
// cached must not leave a stale entry for the next save that reuses its number.
const cache = new WeakMap<ReadDb, Map<number, { json: string; rules: RuleSet }>>();

function parseRules(db: ReadDb, version: number, json: string): RuleSet {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const hit = perDb.get(version);
  if (hit && hit.json === json) return hit.rules;
  const rules = ruleSetSchema.parse(JSON.parse(json));
  perDb.set(version, { json, rules });
  return rules;
}

function toDto(db: ReadDb, row: RuleRow): RuleSetDto {
  return {
    version: row.version,
    effectiveFrom: row.effective_from,
    createdAt: row.created_at,
    createdBy: row.created_by,
    rules: parseRules(db, row.version, row.rules),
  };
}

/**
 * The version in force at `at`: latest effective_from <= at, the newest save winning ties,
 * skipping versions whose programme window (`endsAt`, migration 010) has ended — so a
 * December programme saved over the standing rules hands back to them on 1 January.
 */
export function ruleSetAt(db: ReadDb, at: number): RuleSetDto {
  const row = stmt(
    db,
    `SELECT * FROM points_rule_sets WHERE effective_from <= ? AND (effective_until IS NULL OR effective_until > ?)
     ORDER BY effective_from DESC, version DESC LIMIT 1`,
  ).get(at, at) as RuleRow | undefined;
  // Migration 003 writes version 1 effective from 0 and open-ended, and a window can only
  // be given to later versions, so this only fails on a damaged store.
  if (!row) throw new Error('no rule set in force');
  return toDto(db, row);
}

export function ruleSetByVersion(db: ReadDb, version: number): RuleSetDto {
  const row = stmt(db, 'SELECT * FROM points_rule_sets WHERE version = ?').get(version) as RuleRow | undefined;
  if (!row) throw new Error(`rule set ${version} missing`);
  return toDto(db, row);
}

export function upcomingRuleSets(db: ReadDb, at: number): RuleSetDto[] {
  const rows = db
    .prepare('SELECT * FROM points_rule_sets WHERE effective_from > ? ORDER BY effective_from, version')
    .all(at) as RuleRow[];
  return rows.map((r) => toDto(db, r));
}

export function listRuleSets(db: ReadDb): RuleSetDto[] {
  const rows = db.prepare('SELECT * FROM points_rule_sets ORDER BY version DESC').all() as RuleRow[];
  return rows.map((r) => toDto(db, r));
}

export function insertRuleSet(
  db: Db,
  rules: RuleSet,
  effectiveFrom: number,
  now: number,
  staffId: string | null,
): RuleSetDto {
  const { v } = db.prepare('SELECT coalesce(max(version), 0) + 1 AS v FROM points_rule_sets').get() as { v: number };
  db.prepare(
    `INSERT INTO points_rule_sets (version, effective_from, effective_until, rules, created_at, created_by)
     VALUES (@version, @effectiveFrom, @effectiveUntil, @rules, @createdAt, @createdBy)`,
  ).run({
    version: v,
    effectiveFrom,
    effectiveUntil: rules.endsAt ?? null,
    rules: JSON.stringify(rules),
    createdAt: now,
    createdBy: staffId,
  });
  return ruleSetByVersion(db, v);
}
