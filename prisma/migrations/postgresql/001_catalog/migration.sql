-- Catalog v1 (PostgreSQL). Mirrors prisma/schema.prisma.
CREATE TABLE "clusters" (
  "name" TEXT NOT NULL PRIMARY KEY,
  "time_zone" TEXT,
  "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE "nodes" (
  "cluster" TEXT NOT NULL REFERENCES "clusters" ("name"),
  "name" TEXT NOT NULL,
  "aliases" TEXT NOT NULL DEFAULT '[]',
  "hostname" TEXT,
  "updated_at" TIMESTAMP(3) NOT NULL,
  PRIMARY KEY ("cluster", "name")
);
CREATE TABLE "sources" (
  "key" TEXT NOT NULL PRIMARY KEY,
  "path" TEXT NOT NULL,
  "status" TEXT NOT NULL,
  "cluster" TEXT NOT NULL,
  "node" TEXT NOT NULL,
  "service" TEXT NOT NULL,
  "pid" BIGINT,
  "aliases" TEXT NOT NULL DEFAULT '[]',
  "format" TEXT NOT NULL,
  "year_source" TEXT,
  "name_start_us" BIGINT,
  "first_ts_us" BIGINT,
  "last_ts_us" BIGINT,
  "first_line" BIGINT,
  "last_line" BIGINT,
  "end_kind" TEXT NOT NULL,
  "lines" BIGINT NOT NULL,
  "records" BIGINT NOT NULL,
  "bytes" BIGINT NOT NULL,
  "fingerprint" TEXT NOT NULL,
  "size" BIGINT NOT NULL,
  "resume_offset" BIGINT NOT NULL,
  "resume_line" BIGINT NOT NULL,
  "state" TEXT NOT NULL,
  "updated_at" TIMESTAMP(3) NOT NULL
);
CREATE INDEX "sources_cluster_node_idx" ON "sources" ("cluster", "node");
CREATE INDEX "sources_fingerprint_idx" ON "sources" ("fingerprint");
CREATE TABLE "ingest_runs" (
  "id" SERIAL PRIMARY KEY,
  "command" TEXT NOT NULL,
  "store" TEXT NOT NULL,
  "started_at" TIMESTAMP(3) NOT NULL,
  "ended_at" TIMESTAMP(3),
  "status" TEXT NOT NULL,
  "files" INTEGER NOT NULL DEFAULT 0,
  "bytes" BIGINT NOT NULL DEFAULT 0,
  "records" BIGINT NOT NULL DEFAULT 0,
  "events" BIGINT NOT NULL DEFAULT 0,
  "skipped" INTEGER NOT NULL DEFAULT 0,
  "errors" TEXT NOT NULL DEFAULT '[]'
);
