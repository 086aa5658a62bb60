import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '../../../shared/roles';
import { CASHIER_UP, MANAGER_UP } from '../../../shared/roles';
import type { PageId } from './page-ids';
import CounterPage from '../features/members/CounterPage';
import MemberListPage from '../features/members/MemberListPage';
import RulesPage from '../features/points/RulesPage';
import RewardsPage from '../features/rewards/RewardsPage';
import ReportsPage from '../features/reports/ReportsPage';
import DataPage from '../features/offline/DataPage';
import StaffPage from '../features/staff/StaffPage';
import AuditPage from '../features/audit/AuditPage';
import SettingsPage from '../features/settings/SettingsPage';
import AccountPage from '../features/auth/AccountPage';

/**
 * The page registry: what the navigation offers, to whom, and what it renders.
 *
 * HOW AN AREA ADDS A PAGE
 * 1. Write `features/<area>/<Name>Page.tsx` with a default-exported component whose
 *    top element is `<section className="page" aria-labelledby=…>` with an `<h1>`.
 * 2. Add its id to `PAGE_IDS` in `./page-ids.ts`.
 * 3. Add one entry below: `labelKey` is an i18n key `'<namespace>:<key>'` (add the
 *    string to your area's `features/<area>/i18n.ts`, in both languages), `roles` who
 *    sees it in the navigation, and optionally `shortcut` (a KeyboardEvent.key such
 *    as 'F4'; F2 and '/' are taken by the counter search).
 * Hiding a page is only convenience: main's dispatcher enforces the roles of every
 * channel the page calls, so keep `roles` in line with the channels' access.
 */
export interface PageDef {
  id: PageId;
  labelKey: string;
  roles: readonly Role[];
  component: ComponentType | LazyExoticComponent<ComponentType>;
  shortcut?: string;
}

export const PAGES: readonly PageDef[] = [
  { id: 'counter', labelKey: 'shell:nav.counter', roles: CASHIER_UP, component: CounterPage },
  { id: 'members', labelKey: 'shell:nav.members', roles: MANAGER_UP, component: MemberListPage },
  { id: 'rules', labelKey: 'shell:nav.rules', roles: MANAGER_UP, component: RulesPage },
  { id: 'rewards', labelKey: 'shell:nav.rewards', roles: MANAGER_UP, component: RewardsPage },
  { id: 'reports', labelKey: 'shell:nav.reports', roles: MANAGER_UP, component: ReportsPage },
  { id: 'data', labelKey: 'shell:nav.data', roles: MANAGER_UP, component: DataPage },
  { id: 'staff', labelKey: 'shell:nav.staff', roles: MANAGER_UP, component: StaffPage },
  { id: 'audit', labelKey: 'shell:nav.audit', roles: MANAGER_UP, component: AuditPage },
  { id: 'settings', labelKey: 'shell:nav.settings', roles: MANAGER_UP, component: SettingsPage },
  { id: 'account', labelKey: 'shell:nav.account', roles: CASHIER_UP, component: AccountPage },
];

export const DEFAULT_PAGE: PageId = 'counter';

export function pagesFor(role: Role | undefined): PageDef[] {
  return role ? PAGES.filter((p) => p.roles.includes(role)) : [];
}

/** Kept so an area can register a code-split page: `component: lazyPage(() => import('…'))`. */
export function lazyPage(load: () => Promise<{ default: ComponentType }>) {
  return lazy(load);
}
