import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config';

/**
 * The server tests on one shared cluster: `npx vitest run -c test/server/vitest.shared-pg.config.ts test/server`.
 */
export default mergeConfig(
  base,
  defineConfig({
    root: fileURLToPath(new URL('../..', import.meta.url)),
    test: { globalSetup: ['test/runtime-banner.ts', 'test/server/global-pg.ts'] },
  }),
);
