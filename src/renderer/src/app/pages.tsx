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
import HeadOfficePage from '../features/sync/HeadOfficePage';
import SettingsPage from '../features/settings/SettingsPage';
import AccountPage from '../features/auth/AccountPage';

/**
 * The page registry: what the navigation offers, to whom, and what it renders.
 *
 * HOW AN AREA ADDS A PAGE
 * 1. Write `features/<area>/<Name>Page.tsx` with a default-exported component whose
 *    top element is `<section className="page" aria-labelledby=…>` with an `<h1>`.
 * 2. Add its id to `PAGE_IDS` in `./page-ids.ts`.
 * 3. Add its title once, as `pages.<id>` in `locales/<lang>/shell.json` (every language):
 *    the navigation, the page's <h1> (`t('shell:pages.<id>')`) and the main landmark use it.
 * 4. Add one entry below: `roles` who sees it in the navigation, and optionally `shortcut`
 *    (a KeyboardEvent.key such as 'F4'; F2 and '/' are taken by the counter search).
 * Hiding a page is only convenience: main's dispatcher enforces the roles of every
 * channel the page calls, so keep `roles` in line with the channels' access.
 */
export interface PageDef {
  id: PageId;
  roles: readonly Role[];
  component: ComponentType | LazyExoticComponent<ComponentType>;
  shortcut?: string;
}

export const PAGES: readonly PageDef[] = [
  { id: 'counter', roles: CASHIER_UP, component: CounterPage },
  { id: 'members', roles: MANAGER_UP, component: MemberListPage },
  { id: 'rules', roles: MANAGER_UP, component: RulesPage },
  { id: 'rewards', roles: MANAGER_UP, component: RewardsPage },
  { id: 'reports', roles: MANAGER_UP, component: ReportsPage },
  { id: 'data', roles: MANAGER_UP, component: DataPage },
  { id: 'staff', roles: MANAGER_UP, component: StaffPage },
  { id: 'audit', roles: MANAGER_UP, component: AuditPage },
  { id: 'headOffice', roles: MANAGER_UP, component: HeadOfficePage },
  { id: 'settings', roles: MANAGER_UP, component: SettingsPage },
  { id: 'account', roles: CASHIER_UP, component: AccountPage },
];

export const DEFAULT_PAGE: PageId = 'counter';

export function pagesFor(role: Role | undefined): PageDef[] {
  return role ? PAGES.filter((p) => p.roles.includes(role)) : [];
}

/** Kept so an area can register a code-split page: `component: lazyPage(() => import('…'))`. */
export function lazyPage(load: () => Promise<{ default: ComponentType }>) {
  return lazy(load);
}
