# Source this file from the repo root after node24.sh: installs what a fresh
# clone lacks, so `npm start` and `npm test` are all a new developer types.
phoenix_need_ci=0
if [ ! -f node_modules/.package-lock.json ]; then
  phoenix_need_ci=1
elif [ package-lock.json -nt node_modules/.package-lock.json ]; then
  phoenix_need_ci=1
fi
if [ "$phoenix_need_ci" = 1 ]; then
  echo "phoenix: installing npm dependencies (npm ci)…" >&2
  npm ci --no-audit --no-fund
fi
unset phoenix_need_ci
# functions, web and the services import the built JavaScript of core and server.
node node_modules/typescript/bin/tsc -b core server
