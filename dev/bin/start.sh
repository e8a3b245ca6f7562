#!/usr/bin/env bash
# npm start: make sure dependencies are in place, then run the local stack.
set -euo pipefail
cd "$(dirname "$0")/../.."
. dev/bin/node24.sh
. dev/bin/ensure-deps.sh
. dev/bin/ensure-system.sh
phoenix_ensure_system ffmpeg
exec node dev/src/stack/main.ts "$@"
