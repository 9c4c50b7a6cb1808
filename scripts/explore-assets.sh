#!/usr/bin/env bash
# explore-assets.sh — refresh the explorer page's vendored libraries (explore/assets/) from the npm
# registry. The page must work with no internet access, so the binary serves these files itself.
#
#   scripts/explore-assets.sh
#
# Each file's sha256 is pinned below (and in explore/assets.go), so a changed or corrupted
# download fails here instead of in the browser. Only needed when upgrading; the assets are
# committed. All three packages are ISC-licensed; their licences are copied beside them.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v npm >/dev/null || { echo "explore-assets.sh: npm is missing (apt-get install -y npm)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null &&
  npm install --no-save --ignore-scripts --no-audit --no-fund d3@7.9.0 topojson-client@3.1.0 world-atlas@2.0.2 >/dev/null)

m="$tmp/node_modules"
dest=explore/assets
mkdir -p "$dest"
cp "$m/d3/dist/d3.min.js" "$m/topojson-client/dist/topojson-client.min.js" \
   "$m/world-atlas/countries-110m.json" "$dest/"
cp "$m/d3/LICENSE" "$dest/LICENSE-d3"
cp "$m/topojson-client/LICENSE" "$dest/LICENSE-topojson-client"
cp "$m/world-atlas/LICENSE" "$dest/LICENSE-world-atlas"

# file and its sha256 (hex)
expected=(
  "d3.min.js f2094bbf6141b359722c4fe454eb6c4b0f0e42cc10cc7af921fc158fceb86539"
  "topojson-client.min.js 25cd02ae486cc5063e0215a4e4cfb15de83700c87ac48bac4d57dc6aaf3ebb89"
  "countries-110m.json 2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8"
)
for line in "${expected[@]}"; do
  read -r file sum <<<"$line"
  got="$(sha256sum "$dest/$file" | cut -d' ' -f1)"
  if [[ "$got" != "$sum" ]]; then
    echo "explore-assets.sh: $file has sha256 $got, expected $sum" >&2
    exit 1
  fi
  echo "$file $got ok"
done
