#!/usr/bin/env bash
# npm run bench: prints latency figures of the building blocks, then of the
# pipeline (P1 accept, P2 dispatch → succeeded) beside the floors. Not a test.
set -euo pipefail
cd "$(dirname "$0")/../.."
. dev/bin/node24.sh
. dev/bin/ensure-deps.sh
node bench/floors.ts "$@"
exec node bench/pipeline.ts "$@"
