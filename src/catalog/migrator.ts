/**
 * Applies prisma/migrations/<dialect>/NNN_name/migration.sql in order, once each,
 * recording them in `_zbs_migrations`. Runs at start-up with the database driver
 * itself: no Prisma CLI, no schema engine, nothing to download.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { ClientBase } from 'pg';

export type Dialect = 'sqlite' | 'postgresql';

/** Any key: serializes catalog migrations of concurrent workers and API instances on PostgreSQL. */
const PG_MIGRATION_LOCK = 4_242_001;

export interface Migration {
  name: string;
  sql: string;
}

export function migrationsDir(dialect: Dialect): string {
  // Walk up from this file (src/catalog or dist/src/catalog) to the package root.
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'prisma/migrations'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('prisma/migrations not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return join(dir, 'prisma/migrations', dialect);
}

export function loadMigrations(dialect: Dialect): Migration[] {
  const dir = migrationsDir(dialect);
  return readdirSync(dir)
    .filter((d) => /^\d{3}_/.test(d))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name, 'migration.sql'), 'utf8') }));
}

export function migrateSqlite(db: Database.Database): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS "_zbs_migrations" ("name" TEXT PRIMARY KEY, "applied_at" TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT name FROM "_zbs_migrations"').all() as { name: string }[]).map((r) => r.name));
  const applied: string[] = [];
  for (const m of loadMigrations('sqlite')) {
    if (done.has(m.name)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO "_zbs_migrations" VALUES (?, ?)').run(m.name, new Date().toISOString());
    })();
    applied.push(m.name);
  }
  return applied;
}

export async function migratePostgres(client: ClientBase): Promise<string[]> {
  const applied: string[] = [];
  await client.query('SELECT pg_advisory_lock($1)', [PG_MIGRATION_LOCK]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS "_zbs_migrations" ("name" TEXT PRIMARY KEY, "applied_at" TIMESTAMPTZ NOT NULL)');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM "_zbs_migrations"')).rows.map((r) => r.name));
    for (const m of loadMigrations('postgresql')) {
      if (done.has(m.name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO "_zbs_migrations" VALUES ($1, now())', [m.name]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`catalog migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
      }
      applied.push(m.name);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATION_LOCK]);
  }
  return applied;
}
