import type { Migration } from '../migration';
import { m001Foundation } from './001-foundation';
import { m002Members } from './002-members';
import { m003Points } from './003-points';
import { m004Rewards } from './004-rewards';
import { m005Offline } from './005-offline';
import { m007KeyedAudit } from './007-keyed-audit';

/**
 * INTEGRATION NOTE (security-storage branch): version 6 belongs to the facts branch's
 * 006 migration, which is not on this branch. This empty stand-in only keeps the
 * versions consecutive here; when merging, replace it with the real m006 import.
 * 007 does not depend on what 006 does.
 */
const m006StandIn: Migration = { version: 6, name: '006-stand-in-for-facts', up() {} };

/**
 * Every schema step, in order. One file per migration, each with its own test in
 * test/core/migrations/. Never edit a migration that has shipped: add the next one.
 */
export const MIGRATIONS: readonly Migration[] = [
  m001Foundation,
  m002Members,
  m003Points,
  m004Rewards,
  m005Offline,
  m006StandIn,
  m007KeyedAudit,
];
