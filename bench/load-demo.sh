#!/usr/bin/env bash
# Every role's day (issue 24): the web app in Release on 127.0.0.1 over a database built the way the demo year is (God och nära
# vård 2023 with its decided activities, its distribution to the Hälsoval units and their reports back, January–October closed),
# plus a bulk of ROWS ledger rows in its open December (CSV, imported by the application's own import use case), so that the pages
# of distributions, unit reports, deadlines and the audit log are measured over a large ledger. Three rounds per run:
#   1. pages: every GET page of the navigation and one click below it, each signed in as a role that uses it, driven by wrk at 1 and
#      32 connections for DURATION seconds each; p50 at 1 connection beside the sign-in page's (floor: 3x), p99 at 32 (floor: 50 ms);
#   2. downloads: the final report's workbook first after a change (a new sign-in is an audit entry, which every kept answer
#      follows) against the floor of bench/reconcile.sh, one GROUP BY of the year's rows in sqlite3 on the same file (floor: 1.5x);
#      the same workbook again, nothing changed, against the Avstämning page's p50 (floor: 5x); the print view, the payment list and
#      the Insatser register's Excel for reference; 20 downloads or more in all;
#   3. a web import of a second December file of about ROWS rows, as the Ekonom uploads it, then the server's memory IMPORT_WAIT
#      (15) seconds after it (the target: below 300 MB within a minute);
# with the server's resident memory (VmRSS) after each round (floor: 300 MB). RUNS runs per size (default 3), each on a fresh copy of
# the database and a fresh server, and the medians of the runs per figure; with several SIZES the pages' p50 side by side per size.
# Usage: [RUNS=3] [DURATION=3] [PORT=5092] [BENCH_DIR=dir] [SIZES=1000000] [EXTRA_SIZES="100000 3000000"] bash bench/load-demo.sh
# (EXTRA_SIZES: one run each, in the per-size table beside SIZES' medians)
# (bench/load.sh runs it with DEMO=1.) Needs wrk, sqlite3, bc and curl (installed with apt-get when missing). Stops only the
# servers it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

sizes="${SIZES:-1000000}"
runs="${RUNS:-3}"
# Sizes measured with one run each, beside the others in the per-size table (how a page's cost moves with the ledger).
extra_sizes="${EXTRA_SIZES:-}"
duration="${DURATION:-3}"
port="${PORT:-5092}"
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
base="http://127.0.0.1:$port"

missing=()
for tool in wrk sqlite3 bc curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""; if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

dotnet build bench/GrantTracker.Bench -c Release -v q -nologo >/dev/null
dotnet build src/GrantTracker.Web -c Release -v q -nologo >/dev/null
bench() { dotnet bench/GrantTracker.Bench/bin/Release/net10.0/GrantTracker.Bench.dll "$@"; }
value() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
to_ms() { # wrk's "1.23ms", "456.00us", "1.20s", "2.00m"
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
verdict() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo PASS; else echo FAIL; fi; }
fails=0
check() { local v; v=$(verdict "$2"); [ "$v" = PASS ] || fails=$((fails + 1)); printf "%-96s %s\n" "$1" "$v"; }

server=""
start_server() { # DB [demo]: the app as production runs it behind a TLS proxy, demo mode on for its users, the demo's own date
  mkdir -p "$work/keys"
  ConnectionStrings__GrantTracker="Data Source=$1" DataProtection__KeyPath="$work/keys" ASPNETCORE_ENVIRONMENT=Staging \
    Logging__LogLevel__Default=Warning Demo__Enabled=true Demo__Ledger=true Demo__Year=true \
    App__PublicBaseUrl="$base" ForwardedHeaders__KnownProxies=127.0.0.1 \
    dotnet src/GrantTracker.Web/bin/Release/net10.0/GrantTracker.Web.dll --urls "$base" >"$work/server.log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
  for _ in $(seq 1200); do
    if curl -s -o /dev/null "$base/konto/logga-in"; then return 0; fi
    if ! kill -0 "$server" 2>/dev/null; then echo "FAIL: the server stopped:"; cat "$work/server.log"; exit 1; fi
    sleep 0.5
  done
  echo "FAIL: the server did not answer"; exit 1
}
stop_server() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; trap - EXIT; }
rss() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$server/status"; }

# The database of a size, built once per BENCH_DIR: the demo year as the app builds it at its first start, then the December bulk.
demo_db() { # ROWS -> sets $pristine, $second (the import round's file)
  local rows="$1" sie_rows=$(( ($1 * 4 + 2) / 3 ))
  pristine="$work/demo-$rows.pristine.db"
  local sie="$work/reconcile-$sie_rows.se" csv="$work/december-$rows.csv"
  second="$work/december-$rows-b.csv"
  if [ ! -f "$sie" ]; then bench generate "$sie.tmp" "$sie_rows" 1.0 mix >/dev/null; mv "$sie.tmp" "$sie"; fi
  if [ ! -f "$csv" ]; then bench december "$sie" "$csv.tmp" >/dev/null; mv "$csv.tmp" "$csv"; fi
  if [ ! -f "$second" ]; then
    # A file of 1 % more rows (another file, and December grows: no confirmation asked for fewer rows).
    local sie_b="$work/reconcile-$(( sie_rows * 101 / 100 )).se"
    if [ ! -f "$sie_b" ]; then bench generate "$sie_b.tmp" "$(( sie_rows * 101 / 100 ))" 1.0 mix >/dev/null; mv "$sie_b.tmp" "$sie_b"; fi
    bench december "$sie_b" "$second.tmp" >/dev/null; mv "$second.tmp" "$second"
  fi
  if [ ! -f "$pristine" ]; then
    echo "Building the demo year with $rows December rows ..."
    rm -f "$pristine.tmp"*
    start_server "$pristine.tmp"; stop_server
    bench ours "$csv" "$pristine.tmp" >/dev/null
    sqlite3 "$pristine.tmp" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    mv "$pristine.tmp" "$pristine"; rm -f "$pristine.tmp-wal" "$pristine.tmp-shm"
  fi
}

https="X-Forwarded-Proto: https"
cookies() { sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' "$1" | awk 'length($0) > 0 && $0 !~ /=$/ { printf "%s%s", (n++ ? "; " : ""), $0 }'; }
merge() { # cookies, headers file -> the cookies with the file's Set-Cookie applied (an empty value removes one)
  { tr ';' '\n' <<<"$1" | sed 's/^ *//; /^$/d'; sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' "$2" | tr -d '\r'; } |
    awk '{ i = index($0, "="); name = substr($0, 1, i - 1); if (!(name in v)) o[++n] = name; v[name] = substr($0, i + 1) }
         END { for (j = 1; j <= n; j++) if (v[o[j]] != "") printf "%s%s=%s", (k++ ? "; " : ""), o[j], v[o[j]] }'
}
sign_in() { # EMAIL -> the cookies of a browser that signed in and opened the start page (every sign-in is an audit entry)
  local token status cookie
  token=$(curl -s -D "$work/form.headers" -H "$https" "$base/konto/logga-in" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -1)
  status=$(curl -s -o /dev/null -D "$work/signin.headers" -w '%{http_code}' -H "$https" -H "Cookie: $(cookies "$work/form.headers")" "$base/konto/logga-in" \
    --data-urlencode "Form.Email=$1" --data-urlencode "Form.Password=Demo123!" --data-urlencode "__RequestVerificationToken=$token")
  if [ "$status" != 302 ]; then echo "FAIL: sign-in of $1 answered $status" >&2; exit 1; fi
  cookie=$(cookies "$work/signin.headers")
  curl -s -o /dev/null -D "$work/first.headers" -H "$https" -H "Cookie: $cookie" "$base/"
  merge "$cookie" "$work/first.headers"
}
timed() { # COOKIE PATH -> seconds (and the body in $work/body), failing on anything but 200
  local out
  out=$(curl -s -o "$work/body" -w '%{http_code} %{time_total}' -H "$https" -H "Cookie: $1" "$base$2")
  if [ "${out%% *}" != 200 ]; then echo "FAIL: $2 answered ${out%% *}" >&2; exit 1; fi
  echo "${out#* }"
}

declare -A p50 p99 rps memory dl
floor_sql="SELECT CostObject, Month, COALESCE(Project, ''),
  CASE WHEN AccountNumber BETWEEN 4000 AND 7999 THEN 1 WHEN AccountNumber BETWEEN 3000 AND 3999 THEN 2
       WHEN AccountNumber BETWEEN 1000 AND 1299 THEN 3 ELSE 0 END,
  COUNT(*), SUM(Amount)
FROM LedgerEntries
WHERE Month BETWEEN 202301 AND 202312 AND CostObject IN ('9916', '9917', '9942', '9943')
GROUP BY 1, 2, 3, 4;"

run_once() { # SIZE RUN
  local size="$1" run="$2" db="$work/demo-run.db"
  rm -f "$db" "$db-wal" "$db-shm"; cp "$pristine" "$db"
  start_server "$db"
  local agreement activity distribution deadline line
  agreement=$(sqlite3 "$db" "SELECT Id FROM Agreements WHERE Code = 'gnv2023'")
  activity=$(sqlite3 "$db" "SELECT Id FROM Activities WHERE AgreementId = $agreement AND Number = 2")
  distribution=$(sqlite3 "$db" "SELECT MIN(Id) FROM Distributions")
  deadline=$(sqlite3 "$db" "SELECT MIN(Id) FROM ReportingObligations WHERE AgreementId = $agreement")
  line=$(sqlite3 "$db" "SELECT Id FROM AllocationLines WHERE AgreementId = $agreement AND Code = '2.1' AND Year = 2023")
  declare -A as
  for role in ekonom handlaggare beslutsfattare utforare revisor admin; do as[$role]=$(sign_in "$role@demo.local"); done
  local final="/rapporter/slutredovisning?avtal=gnv2023&ar=2023"
  pages=(
    "-|Sign-in page|/konto/logga-in"
    "ekonom|Start (Ekonom)|/"
    "handlaggare|Start (Handläggare)|/"
    "beslutsfattare|Start (Beslutsfattare)|/"
    "utforare|Start (Utförare)|/"
    "revisor|Start (Revisor)|/"
    "admin|Start (Administratör)|/"
    "handlaggare|Agreements|/overenskommelser"
    "handlaggare|An agreement|/overenskommelser/$agreement"
    "handlaggare|Insatser|/insatser"
    "beslutsfattare|An activity|/insatser/$activity"
    "utforare|Insatser (Utförare)|/insatser"
    "ekonom|Kostnader|/kostnader"
    "ekonom|Import history|/kostnader/importer"
    "ekonom|Import form|/kostnader/importera"
    "ekonom|Avstämning|/avstamning?avtal=gnv2023&manad=2023-12"
    "ekonom|Drill-down|/avstamning/rader?avtal=gnv2023&manad=2023-12&rad=$line"
    "ekonom|Periodisering|/avstamning/periodisering?avtal=gnv2023&manad=2023-12"
    "ekonom|Rapporter|/rapporter"
    "ekonom|Final report|$final"
    "handlaggare|Återrapportering|/rapporter/aterrapportering?avtal=gnv2023&ar=2023"
    "handlaggare|Deadlines|/deadlines"
    "handlaggare|A deadline|/deadlines/$deadline"
    "handlaggare|Vårdenheter|/vardenheter"
    "handlaggare|Distributions|/fordelningar"
    "handlaggare|A distribution|/fordelningar/$distribution"
    "utforare|A distribution (Utförare)|/fordelningar/$distribution"
    "revisor|Granskningslogg|/granskningslogg"
    "admin|Användare|/anvandare"
  )
  echo
  echo "Size $size, run $run: $(sqlite3 "$db" "SELECT COUNT(*) FROM LedgerEntries") stored rows ($(du -m "$db" | cut -f1) MB), $(sqlite3 "$db" "SELECT COUNT(*) FROM Distributions") distribution(s), $(sqlite3 "$db" "SELECT COUNT(*) FROM UnitReports") unit reports; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  local entry role name path cookie out key
  for entry in "${pages[@]}"; do
    IFS='|' read -r role name path <<<"$entry"
    cookie=""; [ "$role" = - ] || cookie="${as[$role]}"
    timed "$cookie" "$path" >/dev/null
    if [ "$role" != - ] && grep -q 'name="Form.Password"' "$work/body"; then echo "FAIL: $path as $role answered the sign-in page"; exit 1; fi
    local header=(); [ -z "$cookie" ] || header=(-H "Cookie: $cookie")
    for c in 1 32; do
      out=$(wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${duration}s" --timeout 30s --latency -s bench/cookies.lua -H "$https" "${header[@]}" "$base$path")
      key="$size|$run|$c|$name"
      p50[$key]=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
      p99[$key]=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
      rps[$key]=$(sed -n 's/^Requests\/sec:\s*\([0-9.]*\).*/\1/p' <<<"$out")
      if grep -q "Non-2xx\|Socket errors" <<<"$out"; then echo "FAIL: $name: $(grep "Non-2xx\|Socket errors" <<<"$out")"; fails=$((fails + 1)); fi
    done
  done
  memory["$size|$run|pages"]=$(rss)
  # Each run's figures as they come, so an interrupted benchmark keeps what it measured.
  for entry in "${pages[@]}"; do
    IFS='|' read -r role name path <<<"$entry"
    printf "  %-28s p50@1 %7s ms  p99@32 %7s ms  %6.0f req/s@32\n" "$name" "${p50["$size|$run|1|$name"]}" "${p99["$size|$run|32|$name"]}" "${rps["$size|$run|32|$name"]}"
  done

  # Downloads. Warm-up as a running server is: another agreement's final report (its workbook and print view) first.
  timed "${as[ekonom]}" "/rapporter/slutredovisning?avtal=patientmiljarden&ar=2020&format=excel" >/dev/null
  timed "${as[ekonom]}" "/rapporter/slutredovisning?avtal=patientmiljarden&ar=2020&format=utskrift" >/dev/null
  printf '.timer on\n%s\n' "$floor_sql" | sqlite3 "$db" >/dev/null
  local floors=() firsts=() seconds=() prints=() t i
  for i in 1 2 3; do
    floors+=("$(printf '.timer on\n%s\n' "$floor_sql" | sqlite3 "$db" | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p')")
  done
  local downloads=0
  for i in 1 2 3; do
    as[ekonom]=$(sign_in ekonom@demo.local) # an audit entry: every kept answer is computed again
    firsts+=("$(timed "${as[ekonom]}" "$final&format=excel")"); downloads=$((downloads + 1))
    for _ in 1 2 3; do seconds+=("$(timed "${as[ekonom]}" "$final&format=excel")"); downloads=$((downloads + 1)); done
    for _ in 1 2; do prints+=("$(timed "${as[ekonom]}" "$final&format=utskrift")"); downloads=$((downloads + 1)); done
  done
  local payments=() register=()
  for _ in 1 2 3; do
    payments+=("$(timed "${as[handlaggare]}" "/fordelningar/$distribution/betalningslista")")
    register+=("$(timed "${as[handlaggare]}" "/insatser/export")")
    downloads=$((downloads + 2))
  done
  dl["$size|$run|floor"]=$(printf '%s\n' "${floors[@]}" | median)
  dl["$size|$run|first"]=$(printf '%s\n' "${firsts[@]}" | median)
  dl["$size|$run|second"]=$(printf '%s\n' "${seconds[@]}" | median)
  dl["$size|$run|print"]=$(printf '%s\n' "${prints[@]}" | median)
  dl["$size|$run|payments"]=$(printf '%s\n' "${payments[@]}" | median)
  dl["$size|$run|register"]=$(printf '%s\n' "${register[@]}" | median)
  dl["$size|$run|count"]=$downloads
  echo "downloads ($downloads): floor ${floors[*]} s; first workbook ${firsts[*]} s; again ${seconds[*]} s; print view ${prints[*]} s"
  memory["$size|$run|downloads"]=$(rss)
  sleep 10
  memory["$size|$run|downloads+10s"]=$(rss)

  # A web import of the second December file, as the Ekonom uploads it on Kostnader › Importera.
  local page token location started
  page=$(curl -s -D "$work/import.headers" -H "$https" -H "Cookie: ${as[ekonom]}" "$base/kostnader/importera")
  token=$(sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' <<<"$page" | head -1)
  cookie=$(merge "${as[ekonom]}" "$work/import.headers")
  started=$(date +%s.%N)
  location=$(curl -s -o /dev/null -w '%{redirect_url}' -H "$https" -H "Cookie: $cookie" -F "file=@$second;type=text/csv" \
    -F "__RequestVerificationToken=$token" "$base/kostnader/importera")
  if [ -z "$location" ]; then echo "FAIL: the upload was not queued"; exit 1; fi
  for _ in $(seq 1200); do
    if curl -s -H "$https" -H "Cookie: $cookie" "$location/status" | grep -q '"done":true'; then break; fi
    sleep 0.25
  done
  dl["$size|$run|import"]=$(echo "$(date +%s.%N) - $started" | bc -l)
  local outcome
  outcome=$(curl -s -H "$https" -H "Cookie: $cookie" "$location" | grep -o 'data-testid="import-result">[^<]*' || true)
  if ! grep -q "Importen är klar" <<<"$outcome"; then echo "FAIL: the web import did not succeed: $outcome"; fails=$((fails + 1)); fi
  memory["$size|$run|import"]=$(rss)
  sleep "${IMPORT_WAIT:-15}"; memory["$size|$run|import+wait"]=$(rss)
  echo "web import $(printf %.1f "${dl["$size|$run|import"]}") s; memory after pages ${memory["$size|$run|pages"]} MB, downloads ${memory["$size|$run|downloads"]} (+10 s ${memory["$size|$run|downloads+10s"]}) MB, import ${memory["$size|$run|import"]} (+${IMPORT_WAIT:-15} s ${memory["$size|$run|import+wait"]}) MB"
  stop_server
}

runs_for() { if [[ " $extra_sizes " == *" $1 "* ]]; then echo 1; else echo "$runs"; fi; }
runs_median() { # SIZE KEY-SUFFIX ARRAY-NAME -> median over the size's runs
  local size="$1" suffix="$2" array="$3" r
  for r in $(seq "$(runs_for "$size")"); do eval "echo \${$array[\"$size|$r|$suffix\"]}"; done | median
}

echo "Every role's day, $(date -u +%Y-%m-%d), $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); wrk ${duration} s per cell, $runs runs per size"
all_sizes=$(tr ' ' '\n' <<<"$extra_sizes $sizes" | sed '/^$/d' | sort -gu | tr '\n' ' ')
for size in $all_sizes; do
  demo_db "$size"
  for run in $(seq "$(runs_for "$size")"); do run_once "$size" "$run"; done
done

for size in $all_sizes; do
  echo
  echo "Size $size: medians of $(runs_for "$size") runs (each run's figure in brackets). p50 at 1 connection, p99 and req/s at 32 connections, ms"
  signin=$(runs_median "$size" "1|Sign-in page" p50)
  avst=$(runs_median "$size" "1|Avstämning" p50)
  printf "%-28s | %-30s | %-30s | %9s | %s\n" "page (role)" "p50 @1 (floor 3x sign-in)" "p99 @32 (floor 50)" "req/s @32" "verdict"
  for entry in "${pages[@]}"; do
    IFS='|' read -r role name path <<<"$entry"
    m50=$(runs_median "$size" "1|$name" p50); m99=$(runs_median "$size" "32|$name" p99); mr=$(runs_median "$size" "32|$name" rps)
    all50=""; all99=""; for r in $(seq "$(runs_for "$size")"); do all50+="${p50["$size|$r|1|$name"]} "; all99+="${p99["$size|$r|32|$name"]} "; done
    v="PASS"; if [ "$(echo "$m99 > 50 || $m50 > 3 * $signin" | bc -l)" = 1 ]; then v="FAIL"; fails=$((fails + 1)); fi
    printf "%-28s | %6s (%-21s) | %6s (%-21s) | %9.0f | %s\n" "$name" "$m50" "${all50% }" "$m99" "${all99% }" "$mr" "$v"
  done
  floor=$(runs_median "$size" floor dl); first=$(runs_median "$size" first dl); second=$(runs_median "$size" second dl)
  echo
  echo "Downloads, seconds (medians of $(runs_for "$size") runs; $(runs_median "$size" count dl) downloads per run):"
  printf "  %-60s %8.3f\n" "floor: one GROUP BY of the year's rows in sqlite3 (bench/reconcile.sh)" "$floor"
  printf "  %-60s %8.3f\n" "final report workbook, first after a change" "$first"
  printf "  %-60s %8.4f\n" "final report workbook, again with nothing changed" "$second"
  printf "  %-60s %8.4f\n" "final report print view, again with nothing changed" "$(runs_median "$size" print dl)"
  printf "  %-60s %8.4f\n" "payment list of the distribution (Excel)" "$(runs_median "$size" payments dl)"
  printf "  %-60s %8.4f\n" "Insatser register (Excel)" "$(runs_median "$size" register dl)"
  printf "  %-60s %8.1f\n" "web import of the second December file" "$(runs_median "$size" import dl)"
  check "size $size: first workbook $(printf %.3f "$first") s <= 1.5 x floor $(printf %.3f "$floor") s ($(printf %.2f "$(echo "$first / $floor" | bc -l)")x)" "$first <= 1.5 * $floor"
  check "size $size: workbook again $(printf %.1f "$(echo "$second * 1000" | bc -l)") ms <= 5 x Avstämning p50 $avst ms ($(printf %.1f "$(echo "$second * 1000 / $avst" | bc -l)")x)" "$second * 1000 <= 5 * $avst"
  for round in pages downloads+10s import+wait; do
    m=$(runs_median "$size" "$round" memory)
    check "size $size: server memory after the $round round $m MB < 300 MB" "$m < 300"
  done
done

if [ "$(wc -w <<<"$all_sizes")" -gt 1 ]; then
  echo
  echo "Pages' p50 at 1 connection per size, ms (medians of each size's runs): a page whose cost grew with the ledger would stand out"
  line=$(printf "%-28s" "page"); for size in $all_sizes; do line+=$(printf " | %10s" "$size"); done; echo "$line"
  for entry in "${pages[@]}"; do
    IFS='|' read -r role name path <<<"$entry"
    line=$(printf "%-28s" "$name"); for size in $all_sizes; do line+=$(printf " | %10s" "$(runs_median "$size" "1|$name" p50)"); done; echo "$line"
  done
fi
if [ "$fails" -gt 0 ]; then echo "$fails target(s) not met"; else echo "Every target met"; fi
