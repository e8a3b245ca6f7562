#!/usr/bin/env bash
# npm run load: the whole local stack on the bench ports, driven at fixed
# arrival rates (default 1, 2 and 4 a second, 60 s each) with feed visitors,
# likes, image and video generations and admin reads; prints latency
# percentiles and error rates per rate and writes .phoenix/load/report.json
# and .phoenix/load/histograms.svg. Not a test. Options: see bench/load/args.ts.
set -euo pipefail
cd "$(dirname "$0")/../.."
. dev/bin/node24.sh
. dev/bin/ensure-deps.sh
. dev/bin/ensure-system.sh
phoenix_ensure_system ffmpeg ffprobe
exec node bench/load.ts "$@"
