import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildSync } from 'esbuild';

const built = new Map<string, string>();

/**
 * An entry bundled by esbuild, as electron-vite builds it for the app, once per process,
 * next to node_modules so that `better-sqlite3` resolves (the git-ignored .bench-cache),
 * removed at exit.
 * - The bench's workers (job-worker.ts): the bench measures what the app starts. Started
 *   from the TypeScript source under tsx instead, each worker compiled its code for seconds
 *   (3.8 s before an export's first write, measured), which the export's rows/s counted.
 * - The simulation's child tills (test/sim/terminal.ts): built when the simulation starts,
 *   so a till started (or restarted) later runs the code of that moment, as the head office
 *   and the in-process tills do — not whatever the working tree holds by then.
 */
export function bundledEntry(source: URL): string {
  const known = built.get(source.href);
  if (known) return known;
  const out = join(
    new URL('../.bench-cache', import.meta.url).pathname,
    `${basename(source.pathname, '.ts')}-${process.pid}.mjs`,
  );
  buildSync({
    entryPoints: [source.pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    external: ['better-sqlite3'],
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __bundledCreateRequire } from 'node:module'; const require = __bundledCreateRequire(import.meta.url);",
    },
  });
  if (built.size === 0) process.on('exit', () => built.forEach((file) => rmSync(file, { force: true })));
  built.set(source.href, out);
  return out;
}
