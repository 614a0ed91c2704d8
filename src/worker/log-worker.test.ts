import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyPrefixes } from './log-worker.js';

const cases: { name: string; dirs: string[]; want: string[] }[] = [
  { name: 'one directory: keys as `ingest DIR` gives them', dirs: ['/var/log/zbs'], want: [''] },
  { name: 'siblings', dirs: ['/logs/a', '/logs/b'], want: ['a/', 'b/'] },
  { name: 'same base name, different parents', dirs: ['/x/logs', '/y/logs'], want: ['x/logs/', 'y/logs/'] },
];
for (const c of cases) {
  test(`keyPrefixes: ${c.name}`, () => assert.deepEqual(keyPrefixes(c.dirs), c.want));
}

test('keyPrefixes: nested or repeated directories are refused (their files would be read twice)', () => {
  assert.throws(() => keyPrefixes(['/logs', '/logs/extra']), /inside --watch \/logs/);
  assert.throws(() => keyPrefixes(['/logs', '/logs/']), /given twice/);
});
