/**
 * Every namespace, in both languages. Plain data (no React, no i18next) so the key
 * parity test can import it in Node.
 *
 * Each area keeps its strings in `features/<area>/i18n.ts` (exporting `en` and
 * `zhCN`) and only edits that file; the namespace is registered here once.
 */
import * as shell from './shell';
import * as auth from '../features/auth/i18n';
import * as staff from '../features/staff/i18n';
import * as audit from '../features/audit/i18n';
import * as settings from '../features/settings/i18n';
import * as members from '../features/members/i18n';
import * as points from '../features/points/i18n';
import * as rewards from '../features/rewards/i18n';
import * as reports from '../features/reports/i18n';
import * as offline from '../features/offline/i18n';

export interface NamespaceStrings {
  en: Record<string, unknown>;
  zhCN: Record<string, unknown>;
}

export const NAMESPACES: Record<string, NamespaceStrings> = {
  shell,
  auth,
  staff,
  audit,
  settings,
  members,
  points,
  rewards,
  reports,
  offline,
};

/** i18next `resources`: language → namespace → strings. */
export function buildResources() {
  const en: Record<string, Record<string, unknown>> = {};
  const zh: Record<string, Record<string, unknown>> = {};
  for (const [ns, strings] of Object.entries(NAMESPACES)) {
    en[ns] = strings.en;
    zh[ns] = strings.zhCN;
  }
  return { en, 'zh-CN': zh };
}
