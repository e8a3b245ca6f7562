#!/usr/bin/env bash
# npm run test:faults: the fault suite (faults/main.ts) on its own stack ports.
# Each scenario runs a mixed workload, injects one fault, then checks every
# invariant from the database and R2, and prints a table. Exits 1 when one broke.
set -euo pipefail
cd "$(dirname "$0")/../.."
. dev/bin/node24.sh
. dev/bin/ensure-deps.sh
exec node faults/main.ts "$@"
