import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A clone of the repository with nothing beside it must work: no file of the repository
 * may read from, import from or point to a path outside it (a sibling folder such as the
 * one the source documents once came from, or a machine-specific absolute path).
 */
const ROOT = path.resolve(__dirname, '../..');
const SELF = path.relative(ROOT, __filename).split(path.sep).join('/');

function trackedTextFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out
    .split('\0')
    .filter((f) => f !== '' && !f.split('/').includes('node_modules') && f !== 'package-lock.json')
    .filter((f) => fs.existsSync(path.join(ROOT, f)))
    .filter((f) => !fs.readFileSync(path.join(ROOT, f)).subarray(0, 8000).includes(0));
}

/** Relative paths written in a file: "../x", '../../y', `..`, (../z) in Markdown … */
const RELATIVE = /(?<![\w./-])(?:\.\.\/)+[\w.@-][^\s'"`)\],;]*|(?<![\w./-])\.\.(?=['"`])/g;
/** Absolute paths of the machine the project was built on, which a clone does not have. */
const ABSOLUTE = /(?<![\w.-])\/work\/(?:shared|main|wt|\.library)\b[^\s'"`)]*/g;
/** Files whose relative paths resolve against another folder than their own. */
const BASE: Record<string, string> = {
  // Vite resolves build.outDir against its `root`, renderer/.
  'vite.config.ts': 'renderer',
};

/** Every place in the repository's files that names a path outside the repository. */
function outsideReferences(): string[] {
  const found: string[] = [];
  for (const file of trackedTextFiles()) {
    if (file === SELF) continue; // its own patterns and examples
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const dir = BASE[file] ? path.join(ROOT, BASE[file]) : path.dirname(path.join(ROOT, file));
    text.split('\n').forEach((line, i) => {
      for (const m of line.matchAll(RELATIVE)) {
        const target = path.resolve(dir, m[0]);
        if (target !== ROOT && !target.startsWith(ROOT + path.sep)) found.push(`${file}:${i + 1}: ${m[0]} (resolves outside the repository)`);
      }
      for (const m of line.matchAll(ABSOLUTE)) found.push(`${file}:${i + 1}: ${m[0]} (absolute path outside the repository)`);
    });
  }
  return found;
}

describe('the repository stands on its own', () => {
  it('no tracked file reads from or points to a path outside the repository', () => {
    expect(outsideReferences()).toEqual([]);
  });

  it('the check finds such a reference (it is not blind)', () => {
    // Built from parts so this file itself does not point outside the repository.
    const up = '../'.repeat(3);
    const line = `const SPEC = path.resolve(__dirname, '${up}shared/spec/x.md');`;
    const dir = path.join(ROOT, 'test', 'db');
    const hits = [...line.matchAll(RELATIVE)].map((m) => path.resolve(dir, m[0]));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.startsWith(ROOT + path.sep)).toBe(false);
    expect([...'see /work/shared/seeds'.matchAll(ABSOLUTE)]).toHaveLength(1);
  });

  it('the documents the tests and the README rely on are in the repository', () => {
    for (const doc of ['docs/lms-schema.md', 'docs/merge-rules.md', 'docs/sql-server.md', 'docs/architecture.md']) {
      expect(fs.existsSync(path.join(ROOT, doc)), doc).toBe(true);
    }
  });
});
