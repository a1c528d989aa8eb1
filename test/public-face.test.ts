/**
 * The public face is what docs/api.md lists: every export of `twostep` and
 * `twostep/testing`, and every member of `TwoStep`, one line each with what it is for. A name
 * added to the code without a line there (or a line left for a name gone) fails here, so the
 * reference cannot drift from the package.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createTwoStep, memoryStore } from '../src/index.ts';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** The names an entry file re-exports, split into values (present at run time) and types. */
function exportsOf(path: string): { values: string[]; types: string[] } {
  const values: string[] = [];
  const types: string[] = [];
  for (const [, typeOnly, list] of read(path).matchAll(/export\s+(type\s+)?\{([^}]*)\}/g)) {
    for (const entry of list!.split(',').map((name) => name.trim()).filter(Boolean)) {
      const name = entry.replace(/^type\s+/, '').split(/\s+as\s+/).pop()!;
      (typeOnly || entry.startsWith('type ') ? types : values).push(name);
    }
  }
  return { values, types };
}

/** The `- \`name\` — what it is for` lines of one section of docs/api.md. */
function documented(heading: string): string[] {
  const text = read('docs/api.md');
  const start = text.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `docs/api.md has a section "${heading}"`);
  const rest = text.slice(start + heading.length + 2);
  const section = rest.slice(0, rest.search(/\n#{2,3} |$/));
  return [...section.matchAll(/^- `([^`]+)`(.*)$/gm)].map(([, name, line]) => {
    assert.match(line!, /^ — \S/, `docs/api.md says what \`${name}\` is for`);
    return name!;
  });
}

const sorted = (names: string[]) => [...names].sort();

describe('the public face', () => {
  const main = exportsOf('src/index.ts');
  const testing = exportsOf('src/testing/index.ts');
  const metrics = exportsOf('src/metrics/index.ts');

  it('docs/api.md lists every export of twostep, and nothing else', () => {
    assert.deepEqual(sorted(documented('## `twostep`')), sorted([...main.values, ...main.types]));
  });

  it('docs/api.md lists every export of twostep/testing, and nothing else', () => {
    assert.deepEqual(sorted(documented('## `twostep/testing`')), sorted([...testing.values, ...testing.types]));
  });

  it('docs/api.md lists every export of twostep/metrics, and nothing else', () => {
    assert.deepEqual(sorted(documented('## `twostep/metrics`')), sorted([...metrics.values, ...metrics.types]));
  });

  it('the values the entries export at run time are the ones their files name', async () => {
    assert.deepEqual(sorted(Object.keys(await import('../src/metrics/index.ts'))), sorted(metrics.values));
    assert.deepEqual(sorted(Object.keys(await import('../src/index.ts'))), sorted(main.values));
    assert.deepEqual(sorted(Object.keys(await import('../src/testing/index.ts'))), sorted(testing.values));
  });

  it('no name is in two entries: a helper for tests is not part of what apps run, metrics are their own entry', () => {
    const both = [...testing.values, ...testing.types].filter((name) => [...main.values, ...main.types].includes(name));
    assert.deepEqual(both, []);
    const shared = [...metrics.values, ...metrics.types].filter((name) => [...main.values, ...main.types, ...testing.values, ...testing.types].includes(name));
    assert.deepEqual(shared, []);
  });

  it('docs/api.md lists every member of TwoStep, and nothing else', () => {
    const twoStep = createTwoStep({ secret: 'a-secret-that-is-at-least-thirty-two-bytes-long', users: { id: (user: { id: string }) => user.id }, store: memoryStore() });
    assert.deepEqual(sorted(documented('### Members of `TwoStep`')), sorted(Object.keys(twoStep)));
  });
});
