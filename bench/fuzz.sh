#!/usr/bin/env bash
# The import's fuzz corpora at a larger count than the test suite's: the same tests, the same generators, from a seed.
#   ImportFuzzTests        LedgerFuzz.Cases: N mutated SIE, CSV and Excel files (the suite: 300)
#   LedgerControlFuzzTests LedgerFuzz.Edits: N/3 ledgers with their own control (#PSALDO, the balance report), most edited
#                          (a row duplicated, an amount raised by 1 kr or rewritten); none may be taken (the suite: 90)
#   ListingFuzzTests       ListingFuzz: N mutated unit listings (the suite: 300)
# Usage: bash bench/fuzz.sh [N] [SEED]   (default 3000, seed 20231). The figures of a run are in docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export GRANTTRACKER_FUZZ_CASES="${1:-3000}" GRANTTRACKER_FUZZ_SEED="${2:-20231}"
dotnet test tests/GrantTracker.Application.Tests \
  --filter "FullyQualifiedName~ImportFuzzTests|FullyQualifiedName~LedgerControlFuzzTests|FullyQualifiedName~ListingFuzzTests" \
  --logger "console;verbosity=detailed" \
  | grep -E "files, seed|cases, seed|listings, seed|Passed!|Failed!|Test Run|Total tests|^ +(Passed|Failed):|shrank|threw|changed the ledger|changed the listings|cut short|taken without confirmation|was taken|not taken|reports"
