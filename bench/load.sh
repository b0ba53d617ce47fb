#!/usr/bin/env bash
# Load benchmark (issue 14): the web app in Release on 127.0.0.1 over a ledger of about ROWS stored rows (all of
# 2023 on the objects of God och nära vård, as bench/reconcile.sh builds it), signed in as the demo Ekonom, every
# main page driven by wrk at 1, 8 and 32 connections for DURATION seconds each, twice (round 1 and round 2, the same
# requests), printing req/s, p50 and p99 per page and connection count and the server's resident memory (VmRSS)
# before, between and after the rounds; then PASS/FAIL against the targets:
#   every page p99 < 100 ms at 32 connections; every page >= 200 req/s at 8 connections;
#   Avstämning within 5x of /overenskommelser (req/s at 8 connections);
#   server memory after the rounds < 300 MB, and round 2 does not raise it (within 5 %).
# wrk keeps the cookies as a browser does (bench/cookies.lua: the sign-in cookie the app renews every minute is sent
# from then on); COOKIES=fixed sends the first cookies for the whole run instead, as this script did before 2026-12-02
# night (from the second minute on, every request then checked the security stamp again and was issued a new cookie).
# Issue 22: PORTFOLIO=N adds a second case after this one, in the same run: a database of the two seed agreements and N generated ones
# (default 40) over 2022-2026 with activities and about ROWS stored ledger rows, a year per agreement (bench portfolio, Portfolio.cs),
# with the same pages on one of the N (its Avstämning, drill-down of a line and final report) and the agreements list filtered, then
# both cases' figures side by side. ONLY=portfolio runs the portfolio case alone. The portfolio database is built once per BENCH_DIR
# (portfolio-N-ROWS.pristine.db, copied for each run; delete it to rebuild).
# Issue 27: after each case's pages, the read feed with a personal access token (feed_case): the whole feed by its next links (each
# entity once, as many as $count), cold and warm, and a page of 1 000 MonthFigures at 1 and 8 connections (p99 < 100 ms at 8)
# beside the sign-in page and the Agreements page measured in the same run. ONLY=portfolio gives the issue's 40-agreement case;
# FEED_ONLY=1 skips the pages' rounds and measures the feed alone.
# Usage: [DURATION=5] [PORT=5091] [BENCH_DIR=dir] [COOKIES=fixed] [PORTFOLIO=40] [ONLY=portfolio|demo] [DEMO=1] bash bench/load.sh [ROWS]   (default 1000000).
# Needs wrk, sqlite3, bc, curl and jq (installed with apt-get when missing). Stops only the servers it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

rows="${1:-1000000}"
portfolio="${PORTFOLIO:-}"
only="${ONLY:-}"
if [ "$only" = portfolio ] && [ -z "$portfolio" ]; then portfolio=40; fi
duration="${DURATION:-5}"
port="${PORT:-5091}"
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
base="http://127.0.0.1:$port"

missing=()
for tool in wrk sqlite3 bc curl jq; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""; if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

dotnet build bench/GrantTracker.Bench -c Release -v q -nologo >/dev/null
dotnet build src/GrantTracker.Web -c Release -v q -nologo >/dev/null
bench() { dotnet bench/GrantTracker.Bench/bin/Release/net10.0/GrantTracker.Bench.dll "$@"; }

bench_value() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

# The baseline case: the reconciliation benchmark's SIE file (three rows in four on the tracked objects), imported by the
# application's own import use case into a fresh migrated database.
baseline_db() {
  sie_rows=$(( (rows * 4 + 2) / 3 ))
  sie="$work/reconcile-$sie_rows.se"
  if [ ! -f "$sie" ]; then
    echo "Generating $sie ..."
    bench generate "$sie.tmp" "$sie_rows" 1.0 mix >/dev/null
    mv "$sie.tmp" "$sie"
  fi
  db="$work/load.db"
  rm -f "$db" "$db-wal" "$db-shm"
  bench init "$db" >/dev/null
  bench ours "$sie" "$db" >/dev/null
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  agreement_code=gnv2023
  agreement_id=$(sqlite3 "$db" "SELECT Id FROM Agreements WHERE Code = 'gnv2023'")
  line_id=$(sqlite3 "$db" "SELECT l.Id FROM AllocationLines l JOIN Agreements a ON a.Id = l.AgreementId WHERE a.Code = 'gnv2023' AND l.Code = '2.1' AND l.Year = 2023")
  line_code=2.1; month=2023-12; year=2023
  filtered="/overenskommelser?ar=2023&status=Aktiv"
  described="the two seed agreements; the ledger's rows all of 2023 on God och nära vård's objects"
}

# The portfolio case (issue 22): built once per BENCH_DIR and count of agreements and rows, a copy opened for each run.
portfolio_db() {
  local pristine="$work/portfolio-$portfolio-$rows.pristine.db"
  if [ ! -f "$pristine" ] || [ ! -f "$pristine.summary" ]; then
    echo "Building the portfolio of $portfolio agreements (about $rows stored rows) ..."
    rm -f "$pristine"*
    mkdir -p "$work/portfolio-sie"
    bench portfolio "$pristine.tmp" "$work/portfolio-sie" "$portfolio" "$rows" >"$pristine.summary.tmp"
    sqlite3 "$pristine.tmp" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    mv "$pristine.tmp" "$pristine"; mv "$pristine.summary.tmp" "$pristine.summary"
    rm -f "$pristine.tmp-wal" "$pristine.tmp-shm"
  fi
  local summary; summary=$(cat "$pristine.summary")
  echo "  $summary"
  db="$work/portfolio.db"
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$pristine" "$db"
  agreement_code=$(bench_value showcase_code "$summary"); agreement_id=$(bench_value showcase_id "$summary")
  line_id=$(bench_value showcase_line_id "$summary"); line_code=$(bench_value showcase_line "$summary")
  month=$(bench_value showcase_month "$summary"); year=$(bench_value showcase_year "$summary")
  filtered="/overenskommelser?ar=$year&status=Aktiv"
  described="$(bench_value agreements "$summary") generated agreements over 2022-2026 and the two seed agreements, $(bench_value lines "$summary") lines, $(bench_value activities "$summary") activities ($(bench_value decided "$summary") decided), $(bench_value obligations "$summary") obligations; the ledger a year per agreement; the pages' agreement $agreement_code"
}
# The server: Release, a non-Development environment with demo mode (its users), little logging. As in production it sits
# behind a proxy that ends TLS: 127.0.0.1 is its known proxy and every request says X-Forwarded-Proto: https, so there is
# no redirect to HTTPS and the (Secure) cookies are the production ones. curl will not keep a Secure cookie received over
# plain HTTP, so the cookies are read from the Set-Cookie headers.
run_case() { # NAME: builds the case's database ($1_db), runs every page, prints its tables and checks; figures kept under NAME|...
local case_name="$1"
"${case_name}_db"
mkdir -p "$work/keys"
ConnectionStrings__GrantTracker="Data Source=$db" DataProtection__KeyPath="$work/keys" ASPNETCORE_ENVIRONMENT=Staging \
  Logging__LogLevel__Default=Warning Demo__Enabled=true Demo__Ledger=false \
  App__PublicBaseUrl="$base" ForwardedHeaders__KnownProxies=127.0.0.1 Feed__RateLimit__PermitLimit=100000000 \
  dotnet src/GrantTracker.Web/bin/Release/net10.0/GrantTracker.Web.dll --urls "$base" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 240); do
  if curl -s -o /dev/null "$base/konto/logga-in"; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then echo "FAIL: the server stopped:"; cat "$work/server.log"; exit 1; fi
  sleep 0.5
done
rss() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$server/status"; }

# Sign in as the demo Ekonom: the form's antiforgery token and its cookie, then the sign-in cookie.
https="X-Forwarded-Proto: https"
cookies() { sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' "$1" | awk 'length($0) > 0 && $0 !~ /=$/ { printf "%s%s", (n++ ? "; " : ""), $0 }'; }
token=$(curl -s -D "$work/form.headers" -H "$https" "$base/konto/logga-in" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -1)
status=$(curl -s -o /dev/null -D "$work/signin.headers" -w '%{http_code}' -H "$https" -H "Cookie: $(cookies "$work/form.headers")" "$base/konto/logga-in" \
  --data-urlencode "Form.Email=ekonom@demo.local" --data-urlencode "Form.Password=Demo123!" --data-urlencode "__RequestVerificationToken=$token")
if [ "$status" != 302 ]; then echo "FAIL: sign-in answered $status"; exit 1; fi
cookie=$(cookies "$work/signin.headers")
# One page first, as a browser opens after signing in: it takes the antiforgery cookie of the page's sign-out form and
# drops the message cookie (TempData) the sign-in left. Without this every request sent the spent message cookie and
# was issued a new antiforgery cookie.
merge() { # cookies, headers file -> the cookies with the file's Set-Cookie applied (an empty value removes one)
  { tr ';' '\n' <<<"$1" | sed 's/^ *//; /^$/d'; sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' "$2" | tr -d '\r'; } |
    awk '{ i = index($0, "="); name = substr($0, 1, i - 1); if (!(name in v)) o[++n] = name; v[name] = substr($0, i + 1) }
         END { for (j = 1; j <= n; j++) if (v[o[j]] != "") printf "%s%s=%s", (k++ ? "; " : ""), o[j], v[o[j]] }'
}
# Its time is the start page's first answer: the navigation's to-do count, the to-do list and the deadlines with readiness all
# computed cold, as after every change.
cold=$(curl -s -o /dev/null -D "$work/first.headers" -w '%{time_total}' -H "$https" -H "Cookie: $cookie" "$base/")
first["$case_name|cold"]="$cold"
cookie=$(merge "$cookie" "$work/first.headers")
wrk_script=(-s bench/cookies.lua)
if [ "${COOKIES:-}" = fixed ]; then wrk_script=(); fi

pages=(
  "Start page|/"
  "Agreements|/overenskommelser"
  "Agreements filtered|$filtered"
  "An agreement|/overenskommelser/$agreement_id"
  "Activities|/insatser"
  "Costs|/kostnader"
  "Reconciliation|/avstamning?avtal=$agreement_code&manad=$month"
  "Drill-down|/avstamning/rader?avtal=$agreement_code&manad=$month&rad=$line_id"
  "Reports|/rapporter"
  "Deadlines|/deadlines"
  "Final report|/rapporter/slutredovisning?avtal=$agreement_code&ar=$year"
)
page_names=(); for entry in "${pages[@]}"; do page_names+=("${entry%%|*}"); done

# Every page once, signed in: it must answer 200 (not the sign-in page); the first request's time is printed.
echo
echo "Case $case_name: $described"
echo "Load benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Cookies: ${COOKIES:-as a browser keeps them (bench/cookies.lua)}"
echo "Database: $(sqlite3 "$db" "SELECT COUNT(*) FROM LedgerEntries") stored rows ($(du -m "$db" | cut -f1) MB), $(sqlite3 "$db" "SELECT COUNT(*) FROM LedgerMonthTotals") month-total rows; wrk ${duration} s per cell"
echo "The start page right after signing in (everything computed cold): $cold s"
printf "%-24s %-36s %s\n" "page" "first request (status, seconds)" "path"
for entry in "${pages[@]}"; do
  name="${entry%%|*}"; path="${entry#*|}"
  out=$(curl -s -o "$work/page.html" -w '%{http_code} %{time_total}' -H "$https" -H "Cookie: $cookie" "$base$path")
  if [ "${out%% *}" != 200 ] || grep -q 'name="Form.Password"' "$work/page.html"; then echo "FAIL: $path answered ${out%% *} or the sign-in page"; exit 1; fi
  first["$case_name|$name"]="${out#* }"
  printf "%-24s %-36s %s\n" "$name" "$out" "$path"
done

if [ -n "${FEED_ONLY:-}" ]; then feed_case; kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; trap - EXIT; return; fi
rss_before=$(rss)
rss_round=()
for round in 1 2; do
  for c in 1 8 32; do
    threads=$(( c < 2 ? 1 : 2 ))
    for entry in "${pages[@]}"; do
      name="${entry%%|*}"; path="${entry#*|}"
      out=$(wrk -t"$threads" -c"$c" -d"${duration}s" --timeout 30s --latency "${wrk_script[@]}" -H "$https" -H "Cookie: $cookie" "$base$path")
      key="$case_name|$round|$c|$name"
      rps[$key]=$(sed -n 's/^Requests\/sec:\s*\([0-9.]*\).*/\1/p' <<<"$out")
      p50[$key]=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
      p99[$key]=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
      non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' <<<"$out")
      socket=$(sed -n 's/.*Socket errors: \(.*\)/\1/p' <<<"$out")
      errors[$key]="${non2xx:-0}${socket:+ ($socket)}"
    done
  done
  rss_round+=("$(rss)")
  echo "round $round done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
done

for round in 1 2; do
  echo
  echo "Round $round: req/s, p50 ms, p99 ms per connection count"
  printf "%-24s | %25s | %25s | %25s | %s\n" "page" "1 connection" "8 connections" "32 connections" "non-2xx"
  for entry in "${pages[@]}"; do
    name="${entry%%|*}"; line=$(printf "%-24s" "$name"); bad=""
    for c in 1 8 32; do
      key="$case_name|$round|$c|$name"
      line+=$(printf " | %9.0f %7s %7s" "${rps[$key]}" "${p50[$key]}" "${p99[$key]}")
      bad+="${errors[$key]} "
    done
    echo "$line | $bad"
  done
done

echo
echo "Server memory (VmRSS): before ${rss_before} MB, after round 1 ${rss_round[0]} MB, after round 2 ${rss_round[1]} MB"
echo
echo "Targets, case $case_name:"
for round in 1 2; do
  worst99=0; worst99_page=""; least8=999999; least8_page=""; errs=0
  for entry in "${pages[@]}"; do
    name="${entry%%|*}"
    v=${p99["$case_name|$round|32|$name"]}; if [ "$(echo "$v > $worst99" | bc -l)" = 1 ]; then worst99=$v; worst99_page=$name; fi
    v=${rps["$case_name|$round|8|$name"]}; if [ "$(echo "$v < $least8" | bc -l)" = 1 ]; then least8=$v; least8_page=$name; fi
    for c in 1 8 32; do e=${errors["$case_name|$round|$c|$name"]}; [ "${e%% *}" = 0 ] && [ "$e" = 0 ] || errs=$((errs + 1)); done
  done
  check "round $round: worst p99 at 32 connections ${worst99} ms ($worst99_page) < 100 ms" "$worst99 < 100"
  check "round $round: least req/s at 8 connections ${least8} ($least8_page) >= 200" "$least8 >= 200"
  ratio=$(echo "${rps["$case_name|$round|8|Agreements"]} / ${rps["$case_name|$round|8|Reconciliation"]}" | bc -l)
  check "round $round: Agreements / Reconciliation req/s at 8 connections $(printf %.2f "$ratio") <= 5" "$ratio <= 5"
  check "round $round: cells with errors or non-2xx answers: $errs" "$errs == 0"
done
check "server memory after the rounds ${rss_round[1]} MB < 300 MB" "${rss_round[1]} < 300"
feed_case

check "round 2 does not raise memory: ${rss_round[0]} -> ${rss_round[1]} MB (within 5 %)" "${rss_round[1]} <= ${rss_round[0]} * 1.05"
memory["$case_name"]="$rss_before / ${rss_round[0]} / ${rss_round[1]}"
kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
trap - EXIT
}

to_ms() { # wrk's "1.23ms", "456.00us", "1.20s", "2.00m"
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'
}
# Issue 27: the read feed, as Power BI reads it, with a personal access token made on /konto/token by the signed-in Ekonom.
# 1. The whole feed by its next links, every entity set, cold (the first feed request after the pages: both feed answers
#    computed) and again warm: the entities read must equal each set's $count, each once.
# 2. A page of 1 000 MonthFigures at 1 and 8 connections (the target: p99 < 100 ms at 8), beside the baseline measured in the
#    same run: the sign-in page and the Agreements page (HTML, cached) at 8 connections.
# The server's rate limit is raised for the run (Feed__RateLimit__PermitLimit); the feed reads no ledger row (its figures are
# the month totals', FeedFiguresPropertyTests proves it by deleting the rows).
feed_case() {
  local page form status day secret auth
  page=$(curl -s -D "$work/token.headers" -H "$https" -H "Cookie: $cookie" "$base/konto/token")
  form=$(sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' <<<"$page" | head -1)
  day=$(date -u -d '+30 days' +%Y-%m-%d)
  secret=$(curl -s -H "$https" -H "Cookie: $(merge "$cookie" "$work/token.headers")" "$base/konto/token" \
    --data-urlencode "Form.Name=Benchmark" --data-urlencode "Form.LastValidDay=$day" --data-urlencode "__RequestVerificationToken=$form" |
    sed -n 's/.*data-testid="new-token">\([^<]*\)<.*/\1/p' | head -1)
  if [ -z "$secret" ]; then echo "FAIL: no token from /konto/token"; fails=$((fails + 1)); return; fi
  auth="Authorization: Bearer $secret"
  echo
  echo "The read feed (/odata), case $case_name, with a personal access token:"
  local sets=(Agreements Areas Lines CostObjects Activities MonthFigures Exceptions Distributions UnitAmounts Obligations RequirementAnswers)
  local pass total=0 all_once=1
  for pass in cold warm; do
    local started ended entities
    started=$(date +%s.%N); entities=0
    for set in "${sets[@]}"; do
      local next="$base/odata/$set" got=0 count
      count=$(curl -s -H "$https" -H "$auth" "$base/odata/$set/\$count")
      while [ -n "$next" ]; do
        curl -s -o "$work/feed.json" -H "$https" -H "$auth" "$next"
        got=$(( got + $(jq '.value | length' "$work/feed.json") ))
        jq -r '.value[].Id' "$work/feed.json" >>"$work/feed-ids-$set.$pass"
        # The link is absolute on the public address (https, from X-Forwarded-Proto): the same path on the server here.
        next=$(jq -r '."@odata.nextLink" // empty' "$work/feed.json")
        if [ -n "$next" ]; then next="$base/${next#*://*/}"; fi
      done
      local distinct; distinct=$(sort -u "$work/feed-ids-$set.$pass" | wc -l); rm -f "$work/feed-ids-$set.$pass"
      if [ "$got" != "$count" ] || [ "$distinct" != "$count" ]; then all_once=0; echo "  $set: $got read, $distinct distinct, \$count $count"; fi
      entities=$((entities + got))
      if [ "$pass" = cold ]; then printf "  %-20s %8s entities\n" "$set" "$got"; fi
    done
    ended=$(date +%s.%N)
    first["$case_name|feed $pass"]=$(echo "$ended - $started" | bc -l)
    total=$entities
  done
  printf "  the whole feed by its next links: %s entities; cold %.2f s, warm %.2f s\n" "$total" "${first["$case_name|feed cold"]}" "${first["$case_name|feed warm"]}"
  check "feed: every entity of every set read once by the next links, as many as \$count" "$all_once == 1"
  local path="/odata/MonthFigures?\$top=1000" c
  local n; n=$(curl -s -H "$https" -H "$auth" "$base$path" | jq '.value | length')
  echo "  a page of MonthFigures: $n entities, $(curl -s -o /dev/null -w '%{size_download}' -H "$https" -H "$auth" "$base$path") bytes"
  # Each answer is kept while the data stands (FeedAnswerCache): what writing one anew costs, three different requests (a query
  # option OData ignores makes each new), beside the kept answers wrk reads below.
  local anew=""; for i in 1 2 3; do anew+="$(curl -s -o /dev/null -w '%{time_total}' -H "$https" -H "$auth" "$base$path&anew=$RANDOM$i") "; done
  echo "  the same page written anew (not kept yet), three requests: $anew s"
  printf "  %-28s | %25s | %25s\n" "request" "1 connection" "8 connections"
  for entry in "MonthFigures, 1 000|$path|$auth" "Sign-in page (baseline)|/konto/logga-in|" "Agreements (baseline)|/overenskommelser|Cookie: $cookie"; do
    local name="${entry%%|*}" rest="${entry#*|}"; local url="${rest%%|*}" header="${rest#*|}" line
    line=$(printf "  %-28s" "$name")
    for c in 1 8; do
      local out key="$case_name|feed|$c|$name"
      out=$(wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${duration}s" --timeout 30s --latency -H "$https" ${header:+-H "$header"} "$base$url")
      rps[$key]=$(sed -n 's/^Requests\/sec:\s*\([0-9.]*\).*/\1/p' <<<"$out")
      p50[$key]=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
      p99[$key]=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
      errors[$key]=$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' <<<"$out")
      line+=$(printf " | %9.0f %7s %7s" "${rps[$key]}" "${p50[$key]}" "${p99[$key]}")
    done
    echo "$line   (req/s, p50 ms, p99 ms)"
  done
  check "feed: a page of 1 000 MonthFigures, p99 at 8 connections ${p99["$case_name|feed|8|MonthFigures, 1 000"]} ms < 100 ms" "${p99["$case_name|feed|8|MonthFigures, 1 000"]} < 100"
  check "feed: no errors or non-2xx answers on the page of MonthFigures" "${errors["$case_name|feed|8|MonthFigures, 1 000"]:-0} == 0"
}
declare -A rps p50 p99 errors first memory
verdict() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo PASS; else echo FAIL; fi; }
fails=0
check() { local v; v=$(verdict "$2"); [ "$v" = PASS ] || fails=$((fails + 1)); printf "%-78s %s\n" "$1" "$v"; }

# Issue 24: every role's day (the demo year with distributions and unit reports over a large December, every page of the navigation
# and one click below per role, the downloads and a web import, three runs with medians) is bench/load-demo.sh; ONLY=demo runs it alone,
# DEMO=1 after the cases here.
if [ "$only" = demo ]; then exec env SIZES="${SIZES:-$rows}" bash bench/load-demo.sh; fi
cases=()
if [ "$only" != portfolio ]; then cases+=(baseline); fi
if [ -n "$portfolio" ]; then cases+=(portfolio); fi
for case_name in "${cases[@]}"; do run_case "$case_name"; done

if [ "${#cases[@]}" -gt 1 ]; then
  echo
  echo "Side by side, round 2 (round 1 in brackets): req/s at 8 connections, p99 ms at 32 connections, first request s"
  printf "%-22s | %-27s %-27s | %-25s %-25s | %8s %8s\n" "page" "baseline req/s @8" "portfolio req/s @8" "baseline p99 @32" "portfolio p99 @32" "first b" "first p"
  for name in "${page_names[@]}"; do
    printf "%-22s | %-27s %-27s | %-25s %-25s | %8s %8s\n" "$name" \
      "$(printf '%.0f (%.0f)' "${rps["baseline|2|8|$name"]}" "${rps["baseline|1|8|$name"]}")" \
      "$(printf '%.0f (%.0f)' "${rps["portfolio|2|8|$name"]}" "${rps["portfolio|1|8|$name"]}")" \
      "${p99["baseline|2|32|$name"]} (${p99["baseline|1|32|$name"]})" "${p99["portfolio|2|32|$name"]} (${p99["portfolio|1|32|$name"]})" \
      "${first["baseline|$name"]}" "${first["portfolio|$name"]}"
  done
  echo "Server memory before / after round 1 / after round 2, MB: baseline ${memory[baseline]}, portfolio ${memory[portfolio]}"
  echo "The start page cold, right after signing in: baseline ${first[baseline|cold]} s, portfolio ${first[portfolio|cold]} s"
fi
if [ -n "${DEMO:-}" ]; then
  echo
  SIZES="${SIZES:-$rows}" bash bench/load-demo.sh || fails=$((fails + 1))
fi
if [ "$fails" -gt 0 ]; then echo "$fails target(s) not met"; else echo "Every target met"; fi
