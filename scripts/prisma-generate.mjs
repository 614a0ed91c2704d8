#!/usr/bin/env node
// Generates the Prisma clients for both catalog dialects, offline.
// `prisma generate` needs no schema engine, but the CLI looks for one unless
// PRISMA_SCHEMA_ENGINE_BINARY names a file; any existing file satisfies the check.
// The PostgreSQL schema is derived from prisma/schema.prisma (the SQLite variant) so the
// two can never drift: only the provider and the output folder differ.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const base = join(root, 'prisma/schema.prisma');
const pgSchema = join(root, 'src/catalog/generated/schema.postgresql.prisma');
const text = readFileSync(base, 'utf8');
mkdirSync(dirname(pgSchema), { recursive: true });
writeFileSync(
  pgSchema,
  text
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output              = "../src/catalog/generated/sqlite"', 'output              = "./postgresql"'),
);
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? base,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
for (const schema of [base, pgSchema]) {
  const r = spawnSync(process.execPath, [join(root, 'node_modules/prisma/build/index.js'), 'generate', '--schema', schema], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    process.exit(r.status ?? 1);
  }
}
process.stdout.write('prisma: generated catalog clients (sqlite, postgresql)\n');
