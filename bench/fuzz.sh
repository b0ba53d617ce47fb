#!/usr/bin/env bash
# The ledger import's and the unit listing's fuzz corpora at a larger count than the test suite's 300 files each: the
# same tests (ImportFuzzTests, ListingFuzzTests), the same generators (LedgerFuzz: N mutated SIE, CSV and Excel files;
# ListingFuzz: N mutated listings), from a seed.
# Usage: bash bench/fuzz.sh [N] [SEED]   (default 3000 files, seed 20231)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export GRANTTRACKER_FUZZ_CASES="${1:-3000}" GRANTTRACKER_FUZZ_SEED="${2:-20231}"
dotnet test tests/GrantTracker.Application.Tests --filter "FullyQualifiedName~ImportFuzzTests|FullyQualifiedName~ListingFuzzTests" --logger "console;verbosity=detailed" \
  | grep -E "files, seed|listings, seed|Passed!|Failed!|shrank|threw|changed the ledger|changed the listings|cut short|taken without confirmation|reports"
