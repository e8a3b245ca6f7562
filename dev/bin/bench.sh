#!/usr/bin/env bash
# npm run bench: prints latency figures of the building blocks, then of the
# pipeline (P1 accept, P2 dispatch → succeeded) beside the floors, then one
# image service instance's throughput at its cap with a 1 s model (P3), then of
# the social parts (P4: likes under 50 listeners, the feed's first paint in
# Chromium, cold and from the persistent cache), then the explore page's
# gzipped JavaScript and Largest Contentful Paint (P6), then of video (the
# worker's two wait designs, and what queue positions cost in reads). Not a test.
set -euo pipefail
cd "$(dirname "$0")/../.."
. dev/bin/node24.sh
. dev/bin/ensure-deps.sh
. dev/bin/ensure-system.sh
phoenix_ensure_system chromium
node bench/floors.ts "$@"
node bench/pipeline.ts "$@"
node bench/image-throughput.ts "$@"
node bench/social.ts "$@"
node bench/explore-weight.ts "$@"
exec node bench/video.ts "$@"
