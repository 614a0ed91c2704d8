import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_SCHEMAS } from '../src/check/file-schemas.js';
import { ROOT } from './helpers.js';

for (const [file, text] of Object.entries(FILE_SCHEMAS)) {
  test(`${file} matches the code (run \`npm run schema\` after changing the file's zod schema)`, () => {
    assert.equal(readFileSync(join(ROOT, file), 'utf8'), text());
  });
}

test('the published schemas describe the files users write: types, kinds and keys are closed', () => {
  const rules = JSON.parse(readFileSync(join(ROOT, 'schema/rules.schema.json'), 'utf8')) as {
    properties: { rules: { items: { properties: Record<string, { enum?: string[] }>; additionalProperties: boolean } } };
  };
  const rule = rules.properties.rules.items;
  assert.equal(rule.additionalProperties, false);
  assert.ok(rule.properties.kind!.enum!.includes('peer.link_down'));
  const asserts = JSON.parse(readFileSync(join(ROOT, 'schema/assertions.schema.json'), 'utf8')) as {
    properties: { assertions: { items: { properties: Record<string, { enum?: string[] }> } } };
  };
  assert.ok(asserts.properties.assertions.items.properties.type!.enum!.includes('max_link_down_seconds'));
});
