#!/usr/bin/env bash
# Validates a run's Reqnroll NDJSON against the Cucumber messages JSON schema (protocol 30.1, what Reqnroll 3.3.4
# writes) and checks each pickle's step statuses against NUnit's verdicts in the TRX. Needs node and npm (not part of
# the suite's own tools); the schema and ajv are fetched once into ~/.cache/nbdd-messages-check at pinned versions.
# Usage: tools/check-reqnroll-report.sh [results/latest/reqnroll_report.ndjson] [TestResults/results.trx]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ndjson="${1:-$here/../results/latest/reqnroll_report.ndjson}"
trx="${2:-$here/../TestResults/results.trx}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/nbdd-messages-check"
if [ ! -d "$cache/node_modules/@cucumber/messages/schema" ] || [ ! -d "$cache/node_modules/ajv" ]; then
  mkdir -p "$cache"
  npm install --silent --no-audit --no-fund --prefix "$cache" @cucumber/messages@30.1.0 ajv@8.17.1 >/dev/null
fi
cp "$here/check-reqnroll-report.mjs" "$cache/check.mjs"
node "$cache/check.mjs" "$ndjson" "$trx" "$cache/node_modules/@cucumber/messages/schema"
