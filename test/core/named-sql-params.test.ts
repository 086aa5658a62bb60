import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Statements with many values bind them by name (`@column` from an object): with a run
 * of 15 positional `?` a value one place off lands in the neighbouring column, and both
 * are often integers, so nothing fails. This keeps new statements in the terminal's
 * process (src/main) to at most MAX_POSITIONAL `?` each.
 */
const MAX_POSITIONAL = 5;
const ROOT = join(__dirname, '../../src/main');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('SQL parameters', () => {
  it(`binds by name in every statement with more than ${MAX_POSITIONAL} values`, () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(ROOT)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/`[^`]*`|'[^'\n]*'/g)) {
        const literal = m[0];
        if (!/\b(INSERT|UPDATE|SELECT|DELETE)\b/.test(literal)) continue;
        const positional = literal.match(/\?/g)?.length ?? 0;
        if (positional > MAX_POSITIONAL) {
          const line = text.slice(0, m.index).split('\n').length;
          offenders.push(`${file.slice(ROOT.length + 1)}:${line} (${positional} ?)`);
        }
      }
    }
    expect(offenders, 'use @name parameters bound from an object').toEqual([]);
  });
});
