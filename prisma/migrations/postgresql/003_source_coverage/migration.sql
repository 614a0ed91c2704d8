-- Coverage and provenance per source: what was read, and where its year and node came from.
ALTER TABLE "sources" ADD COLUMN "node_from" TEXT;
ALTER TABLE "sources" ADD COLUMN "year_detail" TEXT;
ALTER TABLE "sources" ADD COLUMN "events" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "sources" ADD COLUMN "unmatched_lines" BIGINT NOT NULL DEFAULT 0;
-- The year guessed from the mtime was called `assumed` before provenance had more values.
UPDATE "sources" SET "year_source" = 'mtime_assumed' WHERE "year_source" = 'assumed';
