#!/usr/bin/env bash
# Run the peers' benchmark harness (../shared/bench/run.sh: Xapian, SQLite
# FTS5, PostgreSQL, Sphinx, naive bleve) on a corpus, with its working
# files and results under /tmp, and say where the results are.
#
#   bench/peers/run.sh CORPUS.jsonl.gz [SCALES]
#
# CORPUS is any JSON Lines corpus of the peers' shape, e.g. one made by
#   go run ./bench/cmd/gencorpus -size 18000 -o /tmp/gen-18k.jsonl.gz
# SCALES (default 1) are the harness's replication factors ("1 10" = the
# corpus and ten copies of it); give a generated corpus of the size you
# want rather than replicating.
#
# Environment, passed on to the harness: ENGINES (xapian,sqlite,pg,sphinx,bleve),
# RUNS (1 here; the harness's own default is 2), REPS (5), QPS_SECS (10),
# RELATED_REPS (3), INSTALL (1: apt-get install the peers if missing; run
# apt-get update first on a fresh machine). WORK and OUT default to
# /tmp/pulse-peers/<corpus name>[/results]. Needs root (PostgreSQL runs
# through runuser) and nothing else busy on the machine.
set -euo pipefail

usage() { echo "usage: bench/peers/run.sh CORPUS.jsonl[.gz] [SCALES]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
corpus="$(readlink -f "$1")"
[ -s "$corpus" ] || { echo "run.sh: corpus $1: no such file or empty" >&2; exit 2; }
scales="${2:-1}"

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
harness="${PEERS_HARNESS:-$(cd "$repo/.." && pwd)/shared/bench/run.sh}"
[ -x "$harness" ] || { echo "run.sh: the peers' harness $harness is missing (../shared/bench beside the repository)" >&2; exit 1; }

name="$(basename "$corpus")"; name="${name%.gz}"; name="${name%.jsonl}"
export WORK="${WORK:-/tmp/pulse-peers/$name}"
export OUT="${OUT:-$WORK/results}"
export RUNS="${RUNS:-1}"
mkdir -p "$WORK" "$OUT"

echo "peers: $harness on $corpus (scales: $scales; engines: ${ENGINES:-all}; runs: $RUNS)" >&2
echo "peers: work in $WORK, results in $OUT" >&2
start=$(date +%s)
"$harness" "$corpus" "$scales"
echo >&2
echo "peers: done in $(( $(date +%s) - start )) s" >&2
echo "peers: tables:      $OUT/<scale>/summary.md   (1x = the corpus itself)" >&2
echo "peers: raw figures: $OUT/<scale>/run<k>/<engine>.json" >&2
ls -d "$OUT"/*/ 2>/dev/null | sed 's/^/peers: /' >&2
