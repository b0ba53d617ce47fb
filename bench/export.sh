#!/usr/bin/env bash
# Ledger export benchmark (issue 6): in one run on this machine, on the reconciliation benchmark's database (about ROWS
# stored ledger rows, all of 2023), times
#   (a) GrantTracker's export of every stored row of 2023: ExportLedgerYearQuery(2023), the use case behind
#       GET /kostnader/excel?ar=2023, streamed through LedgerRowsExcelWriter (MiniExcel 1.46) to an .xlsx file;
#   (b) the floor: the same rows already in a List in memory (loaded first, not timed), written by MiniExcel 1.46's
#       SaveAs alone, with the same columns and formats, to a file in the same place,
# alternately, RUNS times each, and prints the medians, the ratio and PASS/FAIL against the targets "peak memory of
# (a) under 300 MB" and "(a) within 1.5x of (b)". For reference it also times reading the rows alone (no workbook)
# and the export of one line's drill-down (GET /avstamning/rader/excel), checked against the reconciliation's figure.
# Both sides are warmed up in their process first (EF, MiniExcel, the JIT) and write to EXPORT_DIR (default /dev/shm,
# memory, as a response goes to a socket and not to a disk; this machine's disk is shared and noisy).
# Usage: bash bench/export.sh [ROWS] [RUNS]   (defaults 1000000 and 3). Reuses BENCH_DIR/reconcile.db when
# bench/reconcile.sh left one there (bash bench/run.sh runs both in one BENCH_DIR), else builds it the same way.
# Needs sqlite3 and bc (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

rows="${1:-1000000}"
runs="${2:-3}"
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
out="${EXPORT_DIR:-/dev/shm}"
if [ ! -d "$out" ] || [ ! -w "$out" ]; then out="$work"; fi

if ! command -v sqlite3 >/dev/null || ! command -v bc >/dev/null; then
  sudo=""; if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq sqlite3 bc
fi

dotnet build bench/GrantTracker.Bench -c Release -v q -nologo >/dev/null
bench() { dotnet bench/GrantTracker.Bench/bin/Release/net10.0/GrantTracker.Bench.dll "$@"; }
value() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The database of bench/reconcile.sh: a SIE 4 file of 2023 in which three rows in four are on the objects of
# God och nära vård, imported by the application's own import use case.
db="$work/reconcile.db"
if [ ! -f "$db" ]; then
  sie_rows=$(( (rows * 4 + 2) / 3 ))
  sie="$work/reconcile-$sie_rows.se"
  if [ ! -f "$sie" ]; then
    echo "Generating $sie ..."
    generated=$(bench generate "$sie.tmp" "$sie_rows" 1.0 mix)
    mv "$sie.tmp" "$sie"
    echo "  $generated"
  fi
  bench init "$db" >/dev/null
  bench ours "$sie" "$db" >/dev/null
fi
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
read -r stored stored_ore <<<"$(sqlite3 -separator ' ' "$db" "SELECT COUNT(*), SUM(Amount) FROM LedgerEntries WHERE Month BETWEEN 202301 AND 202312")"

# (a) and (b) alternately, each in a process of its own (so peak memory is that step's alone).
a_times=(); b_times=(); a_mb=0; b_mb=0
for i in $(seq "$runs"); do
  a=$(bench export "$db" 2023 "$out/export-ours.xlsx")
  b=$(bench floor-export "$db" 2023 "$out/export-floor.xlsx")
  a_times+=("$(value seconds "$a")"); b_times+=("$(value seconds "$b")")
  if [ "$(value peak_mb "$a")" -gt "$a_mb" ]; then a_mb=$(value peak_mb "$a"); fi
  if [ "$(value peak_mb "$b")" -gt "$b_mb" ]; then b_mb=$(value peak_mb "$b"); fi
  for side in "$a" "$b"; do
    if [ "$(value rows "$side")" != "$stored" ] || [ "$(value sum_ore "$side")" != "$stored_ore" ]; then
      echo "FAIL: an export wrote $(value rows "$side") rows summing to $(value sum_ore "$side") öre; the database holds $stored rows and $stored_ore öre"; exit 1
    fi
  done
done
a_s=$(printf '%s\n' "${a_times[@]}" | median); b_s=$(printf '%s\n' "${b_times[@]}" | median)
a_bytes=$(value bytes "$a"); b_bytes=$(value bytes "$b")

# For reference: reading the rows alone, and one line's drill-down (line 2.1, object 9916, 2023-01 through 2023-12).
r=$(bench export-read "$db" 2023)
l=$(bench export-line "$db" gnv2023 2023-12 2.1 "$out/export-line.xlsx")
rm -f "$out"/export-ours.xlsx "$out"/export-floor.xlsx "$out"/export-line.xlsx

ratio=$(echo "$a_s / $b_s" | bc -l)
verdict() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo PASS; else echo FAIL; fi; }

echo
echo "Ledger export benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "Database: $stored rows of 2023 ($(du -m "$db" | cut -f1) MB), written to $out; workbook $(( a_bytes / 1048576 )) MB (floor's $(( b_bytes / 1048576 )) MB)"
printf "%-58s %10s %10s %10s %9s\n" "" "median s" "min s" "max s" "peak MB"
printf "%-58s %10.3f %10.3f %10.3f %9s\n" "(a) GrantTracker ExportLedgerYearQuery 2023 -> .xlsx" "$a_s" \
  "$(printf '%s\n' "${a_times[@]}" | sort -g | head -1)" "$(printf '%s\n' "${a_times[@]}" | sort -g | tail -1)" "$a_mb"
printf "%-58s %10.3f %10.3f %10.3f %9s\n" "(b) floor: MiniExcel SaveAs of the rows in memory" "$b_s" \
  "$(printf '%s\n' "${b_times[@]}" | sort -g | head -1)" "$(printf '%s\n' "${b_times[@]}" | sort -g | tail -1)" "$b_mb"
printf "%-58s %10.3f %10s %10s %9s\n" "    reference: (a)'s rows read alone, nothing written" "$(value seconds "$r")" "" "" "$(value peak_mb "$r")"
printf "%-58s %10.3f %10s %10s %9s\n" "    reference: line 2.1's drill-down ($(value rows "$l") rows) -> .xlsx" "$(value seconds "$l")" "" "" "$(value peak_mb "$l")"
echo "(a) runs: ${a_times[*]}; (b) runs: ${b_times[*]} (alternately, (a) first)"
echo "(b)'s peak includes the $stored rows it holds in memory; (a) holds a bounded queue of them."
echo
printf "peak memory of (a): %s MB  (target < 300)      %s\n" "$a_mb" "$(verdict "$a_mb < 300")"
printf "a/b time: %.2f  (target <= 1.5)                %s\n" "$ratio" "$(verdict "$ratio <= 1.5")"
echo "(a) and (b) agree with the database: $stored rows, $stored_ore öre"
if [ "$(value sum_ore "$l")" != "$(value figure_ore "$l")" ]; then
  echo "FAIL: line 2.1's export sums to $(value sum_ore "$l") öre, the reconciliation's booked cost is $(value figure_ore "$l") öre"; exit 1
fi
echo "Line 2.1's export sums to its booked cost in the reconciliation: $(value figure_ore "$l") öre"
