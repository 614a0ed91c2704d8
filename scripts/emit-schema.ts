/** Writes schema/schema.graphql from the type-graphql classes (npm run schema). A test fails on drift. */
import { writeFileSync } from 'node:fs';
import { schemaSdl } from '../src/api/schema.js';

writeFileSync('schema/schema.graphql', await schemaSdl());
console.log('wrote schema/schema.graphql');
