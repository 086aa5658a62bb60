/** Page ids, kept apart from pages.tsx so stores can name pages without importing them. */
export const PAGE_IDS = [
  'counter',
  'members',
  'rules',
  'rewards',
  'reports',
  'data',
  'staff',
  'audit',
  'headOffice',
  'settings',
  'account',
] as const;
export type PageId = (typeof PAGE_IDS)[number];
