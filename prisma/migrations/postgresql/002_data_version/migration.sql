-- A counter bumped by every write to the store: API instances cache derived answers per value.
CREATE TABLE "data_version" (
  "id" INTEGER NOT NULL PRIMARY KEY,
  "version" BIGINT NOT NULL DEFAULT 0
);
INSERT INTO "data_version" ("id", "version") VALUES (1, 0);
