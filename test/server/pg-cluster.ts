import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for tests and `npm run server:dev`: initdb in a temp
 * folder, started on 127.0.0.1 at a free port with durability switched off (fsync,
 * synchronous_commit and full_page_writes off — a test cluster is thrown away anyway),
 * stopped with `-m fast` and removed afterwards. ~1 s from creation to removal here.
 *
 * initdb and the server refuse to run as root, so as root (CI) both run as the
 * `postgres` user through runuser and the folder is handed to that user; as anyone else
 * they run as the caller. A missing PostgreSQL is an error naming the install command:
 * a server test never skips silently.
 */

export const INSTALL_HINT = 'PostgreSQL 15+ is needed for the head office tests: apt-get install -y postgresql';

export interface PgCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  dir: string;
  /** Timings of initdb and start, for the README's "measured". */
  timings: { initdbMs: number; startMs: number };
  /** URL of another database in this cluster. */
  urlFor(database: string): string;
  /** CREATE DATABASE (optionally from a template) and return its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
  stop(): void;
}

/** The newest /usr/lib/postgresql/N/bin with initdb (N ≥ 15), or PERKDESK_PG_BIN. */
export function findPgBin(): string {
  const fromEnv = process.env.PERKDESK_PG_BIN;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, 'initdb')))
      throw new Error(`PERKDESK_PG_BIN=${fromEnv} has no initdb. ${INSTALL_HINT}`);
    return fromEnv;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .map(Number)
        .filter((v) => Number.isInteger(v) && v >= 15 && existsSync(join(root, String(v), 'bin', 'initdb')))
        .sort((a, b) => b - a)
    : [];
  if (versions.length === 0) throw new Error(`No PostgreSQL server binaries under ${root}. ${INSTALL_HINT}`);
  return join(root, String(versions[0]), 'bin');
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function run(bin: string, args: string[]): void {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: tmpdir() });
  if (r.error) throw new Error(`${cmd} failed to start: ${r.error.message}. ${INSTALL_HINT}`);
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const running = new Set<PgCluster>();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test process that dies without afterAll must not leave a server behind.
  process.on('exit', () => {
    for (const c of running) c.stop();
  });
}

/** A cluster started elsewhere (the shared globalSetup): create databases in it, never stop it. */
export function attachPgCluster(url: string): PgCluster {
  const u = new URL(url);
  const urlFor = (database: string) => `${u.protocol}//${u.username}@${u.host}/${database}`;
  return {
    url,
    port: Number(u.port),
    dir: '',
    timings: { initdbMs: 0, startMs: 0 },
    urlFor,
    async createDatabase(name, template) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new pg.Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    stop() {},
  };
}

export async function startPgCluster(opts: { prefix?: string } = {}): Promise<PgCluster> {
  const bin = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), opts.prefix ?? 'perkdesk-pg-'));
  const data = join(dir, 'data');
  if (isRoot()) {
    const pwd = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (pwd.status !== 0) throw new Error(`There is no postgres user. ${INSTALL_HINT}`);
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(pwd.stdout.trim()), Number(gid.stdout.trim()));
  }
  let t0 = performance.now();
  try {
    run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '-N']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const initdbMs = performance.now() - t0;
  let port = 0;
  let lastErr: unknown = null;
  t0 = performance.now();
  // Another process can take the free port between the probe and the start: try again.
  for (let attempt = 0; attempt < 5 && port === 0; attempt++) {
    const candidate = await freePort();
    try {
      run(join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-l',
        join(dir, 'log'),
        '-w',
        '-t',
        '60',
        '-o',
        `-c listen_addresses=127.0.0.1 -p ${candidate} -k ${dir} -c fsync=off -c synchronous_commit=off ` +
          '-c full_page_writes=off -c max_connections=200',
        'start',
      ]);
      port = candidate;
    } catch (err) {
      lastErr = err;
    }
  }
  if (port === 0) {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${String(lastErr)}\n${log}`);
  }
  const startMs = performance.now() - t0;
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let stopped = false;
  const cluster: PgCluster = {
    url: urlFor('postgres'),
    port,
    dir,
    timings: { initdbMs, startMs },
    urlFor,
    async createDatabase(name, template) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new pg.Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      running.delete(cluster);
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  running.add(cluster);
  installExitHook();
  return cluster;
}
