/**
 * CI check: handlers hold only domain logic. The dispatcher applies idempotency and
 * writes each channel's declared audit record (src/shared/contract), so:
 *
 * 1. nothing in src/main/core calls `withOperation(` (it no longer exists; the
 *    dispatcher's idempotency step replaced it — this keeps it from coming back);
 * 2. no handler file writes an audit record whose action a channel declares in the
 *    contract (that record is the dispatcher's), and every `ctx.audit(` left in a
 *    handler file names its action as a literal, so this check can read it.
 *
 * Records of other facts inside handlers stay allowed (a failed sign-in kept with
 * keepWrites). Domain code below the handlers is checked at run time instead: in
 * strict mode (tests) the dispatcher refuses a handler that writes its own channel's
 * record, wherever the call comes from.
 *
 *   npx tsx scripts/check-handlers.ts      (npm run check:handlers)
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CHANNEL_NAMES, contract } from '../src/shared/contract';

const root = resolve(import.meta.dirname ?? '.', '..');
const core = join(root, 'src/main/core');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const isHandlerFile = (path: string) => /(^|\/)(handlers|[a-z]+-handlers)\.ts$/.test(path);

/** Audit actions the dispatcher writes, by the channels that declare them. */
const declared = new Map<string, string[]>();
for (const channel of CHANNEL_NAMES) {
  const audit = (contract[channel] as { audit?: { action: string; recordedBy?: 'job' } }).audit;
  if (!audit || audit.recordedBy) continue;
  declared.set(audit.action, [...(declared.get(audit.action) ?? []), channel]);
}

/** Text with comments blanked out (same length, so offsets still give line numbers). */
function withoutComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => m.replace(/[^\n]/g, ' '));
}

const lineOf = (src: string, index: number) => src.slice(0, index).split('\n').length;

const problems: string[] = [];
const files = walk(core);
let handlerFiles = 0;
let auditCalls = 0;
for (const file of files) {
  const rel = relative(root, file);
  const src = withoutComments(readFileSync(file, 'utf8'));
  if (!rel.endsWith('core/operations.ts')) {
    for (const m of src.matchAll(/\bwithOperation\s*\(/g)) {
      problems.push(
        `${rel}:${lineOf(src, m.index)}: calls withOperation( — declare \`idempotent: true\` on the channel`,
      );
    }
  }
  if (!isHandlerFile(rel)) continue;
  handlerFiles++;
  for (const m of src.matchAll(/\.audit\(\s*([^,)]*)/g)) {
    auditCalls++;
    const arg = m[1].trim();
    const literal = /^(['"`])([^'"`$]+)\1$/.exec(arg);
    if (!literal) {
      problems.push(`${rel}:${lineOf(src, m.index)}: ctx.audit( with a computed action (${arg}) — name it literally`);
      continue;
    }
    const owners = declared.get(literal[2]);
    if (owners) {
      problems.push(
        `${rel}:${lineOf(src, m.index)}: writes '${literal[2]}', which ${owners.join(', ')} declare(s) in the contract — the dispatcher writes it`,
      );
    }
  }
}

if (handlerFiles === 0) problems.push('no handler files found under src/main/core');
if (problems.length > 0) {
  console.error(`check-handlers: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `check-handlers: ${files.length} core files, ${handlerFiles} handler files, ${auditCalls} audit calls of other facts, ${declared.size} declared actions — ok`,
);
