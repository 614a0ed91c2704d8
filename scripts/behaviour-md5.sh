#!/usr/bin/env bash
# Prints md5s of what a behaviour-preserving refactoring must leave unchanged: the seed's
# event dump and answers, simulated bundles (files and events), the bench bundle's events
# and `score`. Run on the commit before and after (each built), then compare the output.
# Usage: scripts/behaviour-md5.sh [WORKDIR]   (needs `npm run build` first)
set -euo pipefail
cd "$(dirname "$0")/.."
Z="./bin/zbs-timeline"
W="${1:-$(mktemp -d)}"
mkdir -p "$W"
WINDOW='window: {from: "2022-08-01T00:00Z", to: "2022-09-01T00:00Z"}'
ANSWERS="{ incidents($WINDOW) { start end scope nodes summary outages { node start end kinds services evidenceCount } }
  serviceRestarts($WINDOW) { node service cause oldPid newPid stoppedAt startedAt downtimeSeconds evidenceCount } }"

events_md5() { "$Z" events --store "duckdb:$1" --format jsonl | md5sum | cut -d' ' -f1; }

"$Z" ingest test/fixtures/seed-incident --tz Asia/Shanghai --store "duckdb:$W/seed.duckdb" >/dev/null
echo "seed events       $(events_md5 "$W/seed.duckdb")"
echo "seed answers      $("$Z" query "$ANSWERS" --store "duckdb:$W/seed.duckdb" | md5sum | cut -d' ' -f1)"

for seed in 1 7; do
  "$Z" simulate --out "$W/sim$seed" --seed "$seed" --force >/dev/null
  files=$(cd "$W/sim$seed" && find bundle truth.json -type f | LC_ALL=C sort | xargs md5sum | md5sum | cut -d' ' -f1)
  "$Z" ingest "$W/sim$seed/bundle" --store "duckdb:$W/sim$seed.duckdb" >/dev/null
  echo "simulate $seed files  $files"
  echo "simulate $seed events $(events_md5 "$W/sim$seed.duckdb")"
done

node dist/scripts/bench-ingest.js --size-mb 16 --runs 1 --dir "$W/bench" --keep >/dev/null
"$Z" ingest "$W"/bench/bundle-16mb-3pct-4n --store "duckdb:$W/bench.duckdb" >/dev/null
echo "bench events      $(events_md5 "$W/bench.duckdb")"
echo "score             $("$Z" score --seeds 3 | md5sum | cut -d' ' -f1)"
