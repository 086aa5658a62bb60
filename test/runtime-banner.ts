import { createRequire } from 'node:module';

/**
 * vitest globalSetup: one line naming the runtime the tests run on, so a CI log shows
 * that the pinned Node 24 (node_modules/.bin/node, from the `node` devDependency) ran
 * them, with which better-sqlite3 and SQLite.
 */
export default function printRuntime(): void {
  const require = createRequire(import.meta.url);
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const { version } = require('better-sqlite3/package.json') as { version: string };
  const db = new Database(':memory:');
  const sqlite = db.prepare('SELECT sqlite_version() AS v').pluck().get() as string;
  db.close();
  console.log(`[perkdesk] tests on Node ${process.version}, better-sqlite3 ${version} (SQLite ${sqlite})`);
}
