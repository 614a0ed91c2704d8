import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

// docs/architecture.md shows the lint config's import table verbatim and lists every src/ folder.
const config = readFileSync(join(ROOT, 'eslint.config.js'), 'utf8');
const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');

function mayImportBlock(text: string): string {
  const start = text.indexOf('export const MAY_IMPORT = {');
  assert.ok(start >= 0, 'MAY_IMPORT not found');
  return text.slice(start, text.indexOf('};', start) + 2);
}

test('docs/architecture.md shows MAY_IMPORT as eslint.config.js has it', () => {
  assert.equal(mayImportBlock(doc), mayImportBlock(config));
});

test('every src/ folder is in MAY_IMPORT and in the folder table', () => {
  const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const block = mayImportBlock(config);
  for (const folder of folders) {
    assert.ok(doc.includes(`| \`src/${folder}\` |`), `src/${folder} missing from the folder table`);
    if (folder !== 'types') assert.match(block, new RegExp(`^  ${folder}: \\[`, 'm'), `src/${folder} missing from MAY_IMPORT`);
  }
});
