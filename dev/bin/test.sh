#!/usr/bin/env bash
# npm test: lint, typecheck, unit tests, integration tests against a stack the
# tests start on their own ports, then browser tests in Debian Chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
. dev/bin/node24.sh
. dev/bin/ensure-deps.sh
. dev/bin/ensure-system.sh
phoenix_ensure_system chromium ffmpeg ffprobe

results=.phoenix/test-results
rm -rf "$results" && mkdir -p "$results"
# Each step says how long the one before it took, so the suite's time budget can be watched.
step() {
  [ -n "${step_started:-}" ] && printf '\n   (%d s)\n' $((SECONDS - step_started))
  step_started=$SECONDS
  printf '\n\033[1m== %s\033[0m\n' "$*"
}

step "lint"
npx eslint --max-warnings 0 .
npx prettier --check --log-level warn .

step "typecheck"
npx tsc -b
npx tsc -p tsconfig.tests.json
npx tsc -p integration
npx tsc -p e2e
npx tsc -p functions/scripts
npm run --silent check -w web

step "unit tests"
PHOENIX_VITEST_JSON="$results/unit.json" npx vitest run --project unit --project web

step "integration tests"
# Two files at a time even on two cores (vitest's default would be one): they share no state (each
# test names its own documents), and most of their time is spent waiting on the emulators.
PHOENIX_VITEST_JSON="$results/integration.json" npx vitest run --project integration --maxWorkers=2

step "integration tests that change shared limits and budgets (one file at a time)"
PHOENIX_VITEST_JSON="$results/integration-global.json" npx vitest run --project integration-global

step "browser tests"
# The production bundle, pointed at the test stack's emulators, is what the browser tests load.
env $(node dev/src/stack/web-env.ts test) npm run --silent build -w web
PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/$results/e2e.json" npx playwright test -c e2e/playwright.config.ts --reporter=list,json

step "fault suite, its three quickest scenarios (npm run test:faults runs all seven)"
node faults/main.ts --seed 2026 --only "R2 failing,Firestore paused,every task 3 times"

printf '\n   (%d s; %d s in all)\n' $((SECONDS - step_started)) "$SECONDS"
node dev/src/test-support/summarize.ts "$results"
