import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/server/db/migrate';
import { createPool } from '../../src/server/db/pool';
import { startPgCluster } from './pg-cluster';

/**
 * Optional vitest globalSetup: ONE throwaway cluster (with the migrated template) for
 * every server test file, instead of one per file. Each file still works on databases of
 * its own. Wire it with `globalSetup: ['test/server/global-pg.ts']` (as
 * the `server` project in vitest.config.ts does); without it each file starts its own.
 */
export const TEMPLATE_DB = 'template_head_office';

declare module 'vitest' {
  export interface ProvidedContext {
    perkdeskPgUrl: string | undefined;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startPgCluster({ prefix: 'perkdesk-pg-shared-' });
  await cluster.createDatabase(TEMPLATE_DB);
  const pool = createPool(cluster.urlFor(TEMPLATE_DB), { max: 1 });
  await migrate(pool);
  await pool.end();
  project.provide('perkdeskPgUrl', cluster.url);
  return () => cluster.stop();
}
