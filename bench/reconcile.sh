#!/usr/bin/env bash
# Reconciliation benchmark (issue 5): in one run on this machine, on one database file of about ROWS stored
# ledger rows (all of 2023, all on the objects of the agreement gnv2023), times
#   (a) GrantTracker's reconciliation use case, ReconcileQuery("gnv2023", 2023-12): the query that both the
#       page /avstamning and `granttracker reconcile` send, so one timing covers both (since issue 14 it sums the
#       month totals the import keeps, not the rows);
#   (b) the floor: the same aggregation as ONE hand-written SQL GROUP BY over the rows, run by sqlite3 on the same file,
#   (c) the CLI cold (issue 14): `granttracker reconcile` in a new process each time, published ReadyToRun,
# and prints both, the ratio and PASS/FAIL against the target "(a) within 2x of (b)".
# Both are timed warm (one untimed run first) and as the median of RUNS runs, each in a fresh connection.
# (b) is timed with sqlite3's `.timer on` ("Run Time: real"): the statement alone, without sqlite3's process
# start, opening the file or reading the schema, so the floor is as low as it can be; (a) is timed from a
# new request scope to the finished result, all of its queries and its arithmetic included.
# Usage: bash bench/reconcile.sh [ROWS] [RUNS]   (defaults 1000000 and 5). Needs sqlite3 and bc (installed
# with apt-get when missing). BENCH_DIR keeps the generated SIE file between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

rows="${1:-1000000}"
runs="${2:-5}"
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"

if ! command -v sqlite3 >/dev/null || ! command -v bc >/dev/null; then
  sudo=""; if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq sqlite3 bc
fi

dotnet build bench/GrantTracker.Bench -c Release -v q -nologo >/dev/null
bench() { dotnet bench/GrantTracker.Bench/bin/Release/net10.0/GrantTracker.Bench.dll "$@"; }
value() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The ledger: a SIE 4 file where every voucher's cost rows are on the tracked objects 9916/9917/9942/9943
# (share 1.0) and its balancing row on 1930/2440 carries no object, so three rows in four are stored; the
# object rows are mostly cost (4000-7999) with some income (3xxx), investment (12xx) and accrual (29xx)
# rows, a third with one of five project codes per object in dimension 6. Imported by the application's own import use case.
sie_rows=$(( (rows * 4 + 2) / 3 ))
sie="$work/reconcile-$sie_rows.se"
if [ ! -f "$sie" ]; then
  echo "Generating $sie ..."
  generated=$(bench generate "$sie.tmp" "$sie_rows" 1.0 mix)
  mv "$sie.tmp" "$sie"
  echo "  $generated"
fi
db="$work/reconcile.db"
rm -f "$db"*
bench init "$db" >/dev/null
imported=$(bench ours "$sie" "$db")
stored=$(value rows "$imported")
# Nothing left in the write-ahead log: both sides read the database file alone.
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null

# (a) ours, in a process of its own: warm-up on 2023-06, then RUNS timed runs on 2023-12.
a=$(bench reconcile "$db" gnv2023 2023-12 "$runs")
a_s=$(value seconds "$a"); a_min=$(value min "$a"); a_max=$(value max "$a"); a_mb=$(value peak_mb "$a")
a_booked=$(value booked_ore "$a"); a_income=$(value income_ore "$a")

# (b) the floor: the groups the engine needs for the year (cost object, month, project code, account class:
# 1 cost, 2 income, 3 investment, 0 other), summed in whole öre, as one statement.
floor_sql="SELECT CostObject, Month, COALESCE(Project, ''),
  CASE WHEN AccountNumber BETWEEN 4000 AND 7999 THEN 1 WHEN AccountNumber BETWEEN 3000 AND 3999 THEN 2
       WHEN AccountNumber BETWEEN 1000 AND 1299 THEN 3 ELSE 0 END,
  COUNT(*), SUM(Amount)
FROM LedgerEntries
WHERE Month BETWEEN 202301 AND 202312 AND CostObject IN ('9916', '9917', '9942', '9943')
GROUP BY 1, 2, 3, 4;"
floor() { printf '.timer on\n%s\n' "$floor_sql" | sqlite3 "$db"; }
floor >/dev/null # warm-up, as for (a)
b_times=()
for _ in $(seq "$runs"); do
  out=$(floor)
  b_times+=("$(sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' <<<"$out")")
done
b_s=$(printf '%s\n' "${b_times[@]}" | median)
b_min=$(printf '%s\n' "${b_times[@]}" | sort -g | head -1); b_max=$(printf '%s\n' "${b_times[@]}" | sort -g | tail -1)
groups=$(grep -c '|' <<<"$out")
b_booked=$(awk -F'|' '$4 == 1 { s += $6 } END { printf "%.0f", s }' <<<"$out")
b_income=$(awk -F'|' '$4 == 2 { s += $6 } END { printf "%.0f", s }' <<<"$out")
b_rows=$(awk -F'|' '{ s += $5 } END { printf "%.0f", s }' <<<"$out")
plan=$(sqlite3 "$db" "EXPLAIN QUERY PLAN $floor_sql" | sed -n 's/^.*--//p' | paste -sd';' | sed 's/;/; /g')

# (c) the CLI, cold: `granttracker reconcile` as a scheduled job runs it, a new process each time (published for
# this runtime, so ReadyToRun, as the README says to deploy it), RUNS times, median; the file is in the OS cache.
cli="$work/cli"
if [ ! -f "$cli/granttracker.dll" ]; then
  dotnet publish src/GrantTracker.Cli -c Release -r linux-x64 --self-contained false -o "$cli" -v q -nologo >/dev/null
fi
c_times=()
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  dotnet "$cli/granttracker.dll" --db "$db" reconcile --agreement gnv2023 --through 2023-12 >/dev/null
  c_times+=("$(echo "$(date +%s.%N) - $start" | bc -l)")
done
c_s=$(printf '%s\n' "${c_times[@]}" | median)

ratio=$(echo "$a_s / $b_s" | bc -l)
cli_ratio=$(echo "$c_s / $b_s" | bc -l)
verdict() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo PASS; else echo FAIL; fi; }

echo
echo "Reconciliation benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "Database: $stored stored rows ($(du -m "$db" | cut -f1) MB), imported from a SIE file of $sie_rows rows in $(value seconds "$imported") s"
echo "SQLite: $(value sqlite "$a") in the app (Microsoft.Data.Sqlite), $(sqlite3 --version | cut -d' ' -f1) in sqlite3; floor plan: $plan"
printf "%-54s %10s %10s %10s %9s\n" "" "median s" "min s" "max s" "peak MB"
printf "%-54s %10.3f %10.3f %10.3f %9s\n" "(a) GrantTracker ReconcileQuery gnv2023 2023-12" "$a_s" "$a_min" "$a_max" "$a_mb"
printf "%-54s %10.3f %10.3f %10.3f %9s\n" "(b) floor: one GROUP BY in sqlite3 ($groups groups)" "$b_s" "$b_min" "$b_max" "-"
echo "(a) runs: $(value runs "$a") (warm-up $(value warmup "$a") s); (b) runs: ${b_times[*]}"
echo "(a) lines: $(value lines "$a"), exceptions: $(value exceptions "$a"); rows in (b)'s groups: $b_rows"
echo
printf "%-54s %10.3f   (runs: %s)\n" "(c) the CLI, cold: granttracker reconcile (ReadyToRun)" "$c_s" "$(printf '%.2f ' "${c_times[@]}")"
printf "a/b time: %.2f  (target <= 2)     %s\n" "$ratio" "$(verdict "$ratio <= 2")"
printf "c/b time: %.2f  (target <= 1.5)   %s\n" "$cli_ratio" "$(verdict "$cli_ratio <= 1.5")"
if [ "$a_booked" != "$b_booked" ] || [ "$a_income" != "$b_income" ] || [ "$b_rows" != "$stored" ]; then
  echo "FAIL: (a) and (b) disagree: booked $a_booked vs $b_booked öre, income $a_income vs $b_income öre, rows $b_rows vs $stored"; exit 1
fi
echo "(a) and (b) agree: booked cost $a_booked öre, income $a_income öre"

# Issue 6: the final report over the same database: the whole report (its query, which runs the
# reconciliation, and the workbook written) against the reconciliation query alone plus writing the workbook.
fr=$(bench final "$db" gnv2023 2023 "$runs" "$work")
fr_r=$(value reconcile "$fr"); fr_f=$(value final "$fr"); fr_w=$(value write "$fr")
limit=$(echo "2 * $fr_r + $fr_w" | bc -l)
echo
echo "Final report (Slutredovisning gnv2023 2023, $(value sheets "$fr") sheets, $(value file_kb "$fr") KB), medians of $runs rounds:"
printf "%-54s %10.3f\n" "(r) ReconcileQuery gnv2023 2023-12" "$fr_r"
printf "%-54s %10.3f\n" "(w) the report's workbook written alone" "$fr_w"
printf "%-54s %10.3f   (runs: %s; peak %s MB)\n" "(f) the whole final report: query, document, workbook" "$fr_f" "$(value final_runs "$fr")" "$(value peak_mb "$fr")"
printf "f < 2r + w: %.3f < %.3f   %s\n" "$fr_f" "$limit" "$(verdict "$fr_f < $limit")"

# The start page and the Deadlines page over the same database: each shows the readiness of every report
# not yet sent, which for the final report of 2023 needs the year's reconciliation. No target in an issue;
# printed so that the cost of the first read after a change and of the reads after it stay visible.
dl=$(bench deadlines "$db" "$runs")
echo
echo "Start page and Deadlines page with readiness ($(value checked "$dl") reports checked), seconds:"
printf "%-54s %10.3f\n" "first start page (readiness cache empty)" "$(value first_start_page "$dl")"
printf "%-54s %10.3f   (runs: %s)\n" "start page, data unchanged (median)" "$(value start_page "$dl")" "$(value start_runs "$dl")"
printf "%-54s %10.3f   (runs: %s)\n" "Deadlines page, data unchanged (median)" "$(value deadlines_page "$dl")" "$(value deadlines_runs "$dl")"
