#!/usr/bin/env bash
# npm run bench: prints latency figures of the local building blocks. Not a test.
set -euo pipefail
cd "$(dirname "$0")/../.."
. dev/bin/node24.sh
. dev/bin/ensure-deps.sh
exec node bench/floors.ts "$@"
