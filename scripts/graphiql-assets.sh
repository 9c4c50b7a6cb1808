#!/usr/bin/env bash
# graphiql-assets.sh — refresh the GraphiQL page's embedded assets (graphiql/assets/) from the npm
# registry. The page must work with no internet access, so the binary serves these files itself.
#
#   scripts/graphiql-assets.sh
#
# The versions are the ones gqlgen v0.17.98's playground pins on its CDN, and the npm files are
# byte-identical to them: each file's sha256 must equal gqlgen's SRI string (also written in
# graphiql/assets.go), so a changed or corrupted download fails here instead of in the browser.
# Only needed when upgrading; the assets are committed.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v npm >/dev/null || { echo "graphiql-assets.sh: npm is missing (apt-get install -y npm)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null &&
  npm install --no-save --ignore-scripts --no-audit --no-fund graphiql@4.1.2 react@18.2.0 react-dom@18.2.0 >/dev/null)

m="$tmp/node_modules"
dest=graphiql/assets
mkdir -p "$dest"
cp "$m/graphiql/graphiql.min.js" "$m/graphiql/graphiql.min.css" \
   "$m/react/umd/react.production.min.js" "$m/react-dom/umd/react-dom.production.min.js" "$dest/"

# file and the SRI gqlgen v0.17.98 uses for it
expected=(
  "graphiql.min.js sha256-hnImuor1znlJkD/FOTL3jayfS/xsyNoP04abi8bFJWs="
  "graphiql.min.css sha256-MEh+B2NdMSpj9kexQNN3QKc8UzMrCXW/Sx/phcpuyIU="
  "react.production.min.js sha256-S0lp+k7zWUMk2ixteM6HZvu8L9Eh//OVrt+ZfbCpmgY="
  "react-dom.production.min.js sha256-IXWO0ITNDjfnNXIu5POVfqlgYoop36bDzhodR6LW5Pc="
)
for line in "${expected[@]}"; do
  read -r file sri <<<"$line"
  got="sha256-$(node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$dest/$file")"
  if [[ "$got" != "$sri" ]]; then
    echo "graphiql-assets.sh: $file has $got, expected $sri" >&2
    exit 1
  fi
  echo "$file $got ok"
done
