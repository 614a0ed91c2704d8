/** Writes schema/schema.graphql from the type-graphql classes and the rule and assertion files' JSON Schemas (npm run schema). A test fails on drift. */
import { writeFileSync } from 'node:fs';
import { schemaSdl } from '../src/api/schema.js';
import { FILE_SCHEMAS } from '../src/check/file-schemas.js';

writeFileSync('schema/schema.graphql', await schemaSdl());
console.log('wrote schema/schema.graphql');
for (const [file, text] of Object.entries(FILE_SCHEMAS)) {
  writeFileSync(file, text());
  console.log(`wrote ${file}`);
}
