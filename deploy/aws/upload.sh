#!/usr/bin/env bash
# Upload the built course to the stack's bucket and make CloudFront serve the new version.
#
#   deploy/aws/upload.sh BUCKET DISTRIBUTION_ID [SITE_DIR]
#
# `aws s3 sync` guesses each file's Content-Type from its name, and some systems don't know
# .wasm or .mjs: those are uploaded again with the types browsers require (WebAssembly streaming
# and module imports refuse anything else). sw.js and offline.json must never be cached, so a
# new deployment's service worker is seen at once. Pyodide's content-named folder
# (assets/pyodide-<version>-<hash>/) is cached for good: its URLs never change meaning, and a
# browser that keeps them answers the service worker's precache of the same files itself.
set -euo pipefail
bucket=${1:?usage: upload.sh BUCKET DISTRIBUTION_ID [SITE_DIR]}
distribution=${2:?usage: upload.sh BUCKET DISTRIBUTION_ID [SITE_DIR]}
site=${3:-site}
test -f "$site/sw.js" || { echo "error: $site/sw.js not found: run make build first" >&2; exit 2; }

aws s3 sync "$site/" "s3://$bucket/" --delete --exclude "_headers"
aws s3 cp "$site/" "s3://$bucket/" --recursive --exclude "*" --include "*.wasm" \
  --content-type "application/wasm"
aws s3 cp "$site/" "s3://$bucket/" --recursive --exclude "*" --include "*.mjs" \
  --content-type "text/javascript"
immutable="public, max-age=31536000, immutable"
for types in "wasm application/wasm" "mjs text/javascript" "js text/javascript" "zip application/zip"; do
  read -r extension type <<< "$types"
  aws s3 cp "$site/assets/" "s3://$bucket/assets/" --recursive --exclude "*" \
    --include "pyodide-*/*.$extension" --content-type "$type" --cache-control "$immutable"
done
for fresh in sw.js offline.json; do
  aws s3 cp "$site/$fresh" "s3://$bucket/$fresh" --cache-control "no-cache"
done
aws cloudfront create-invalidation --distribution-id "$distribution" --paths "/*"
