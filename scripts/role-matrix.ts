/**
 * Prints the role matrix (every channel × none/cashier/manager/owner) as Markdown,
 * derived from the contract's `access` fields.
 *
 *   npx tsx scripts/role-matrix.ts           print the table
 *   npx tsx scripts/role-matrix.ts --check   exit 1 if README.md's table differs (CI)
 *   npx tsx scripts/role-matrix.ts --write   rewrite the table between the README markers
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  README_END,
  README_START,
  extractReadmeTable,
  renderRoleMatrix,
  replaceReadmeTable,
} from '../test/roles/role-table';

const readmePath = resolve(import.meta.dirname ?? '.', '..', 'README.md');
const table = renderRoleMatrix();
const mode = process.argv[2] ?? '--print';

function readReadme(): string {
  try {
    return readFileSync(readmePath, 'utf8');
  } catch {
    console.error(`role-matrix: ${readmePath} not found`);
    process.exit(1);
  }
}

if (mode === '--print') {
  console.log(table);
} else if (mode === '--check') {
  const current = extractReadmeTable(readReadme());
  if (current === null) {
    console.error(
      `role-matrix: README.md has no markers; add these two lines where the table goes:\n${README_START}\n${README_END}`,
    );
    process.exit(1);
  }
  if (current !== table) {
    console.error('role-matrix: README.md table is out of date; run `npx tsx scripts/role-matrix.ts --write`');
    process.exit(1);
  }
  console.log('role-matrix: README.md table matches the contract');
} else if (mode === '--write') {
  const next = replaceReadmeTable(readReadme(), table);
  if (next === null) {
    console.error(`role-matrix: README.md has no markers; add:\n${README_START}\n${README_END}`);
    process.exit(1);
  }
  writeFileSync(readmePath, next);
  console.log('role-matrix: README.md table written');
} else {
  console.error('usage: tsx scripts/role-matrix.ts [--print|--check|--write]');
  process.exit(2);
}
