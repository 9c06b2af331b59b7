#!/usr/bin/env bash
# Quality of an incremental run's partial sweep against an all-rows incremental run and a full retrain:
# a shop's events split by time into history (< T1), one new day [T1, T2) and later events (>= T2);
# each run's final factors are measured against the pairs the later events add (NDCG@10 etc.).
# usage: trainer/bench/incremental-quality.sh INTERACTIONS CATALOG DIR T1 T2 [train options...]
set -euo pipefail
src=$1 catalog=$2 dir=$3 t1=$4 t2=$5; shift 5
trainer=${AISLE_TRAINER:-$(cd "$(dirname "$0")/.." && pwd)/aisle-trainer}
run() { JAVA_OPTS="${JAVA_OPTS:--Xmx2g}" nice -n 10 "$trainer" train "$@"; }
mkdir -p "$dir"
hdr=$(head -1 "$src")
awk -F, -v t1="$t1" -v t2="$t2" -v d="$dir" -v h="$hdr" 'NR==1{print h > d"/history.csv"; print h > d"/day.csv"; print h > d"/later.csv"; print h > d"/upto.csv"; next}
  { if ($4 < t1) {print > d"/history.csv"; print > d"/upto.csv"} else if ($4 < t2) {print > d"/day.csv"; print > d"/upto.csv"} else print > d"/later.csv" }' "$src"
wc -l "$dir"/*.csv
common=(--catalog "$catalog" --no-eval --no-loss-curve --similar-per-item 0 --measure-on "$dir/later.csv" "$@")
rm -rf "$dir/partial" "$dir/allrows" "$dir/full"
run --interactions "$dir/history.csv" --full --out "$dir/partial" --report "$dir/history.json" "${common[@]}" > "$dir/history.out" 2> "$dir/history.err"
cp -a "$dir/partial" "$dir/allrows"
run --interactions "$dir/day.csv" --incremental --out "$dir/partial" --report "$dir/partial.json" "${common[@]}" > "$dir/partial.out" 2> "$dir/partial.err"
run --interactions "$dir/day.csv" --incremental --out "$dir/allrows" --all-rows-every 1 --report "$dir/allrows.json" "${common[@]}" > "$dir/allrows.out" 2> "$dir/allrows.err"
run --interactions "$dir/upto.csv" --full --out "$dir/full" --report "$dir/full.json" "${common[@]}" > "$dir/full.out" 2> "$dir/full.err"
for r in history partial allrows full; do
  echo "$r: $(grep -h '^later events' "$dir/$r.out") | $(grep -h '^sweep:\|item graph' "$dir/$r.err" | tr '\n' ' ')"
done
