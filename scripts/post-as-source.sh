#!/usr/bin/env bash
# Posts a payload to a source endpoint the way that source does: signed with its HMAC secret
# (X-Fq-Source, X-Fq-Timestamp, X-Fq-Nonce, X-Fq-Signature). Needs curl and openssl.
#
#   scripts/post-as-source.sh <SOURCE> <secret> <url> <content-type> <file>
#   scripts/post-as-source.sh HOTLINE_12345 dev-hotline-secret \
#       http://localhost:8080/api/v1/sources/hotline/work-orders application/json examples/hotline-work-order.json
set -euo pipefail
if [ $# -ne 5 ]; then
  sed -n '2,8p' "$0" >&2
  exit 2
fi
source_id=$1 secret=$2 url=$3 content_type=$4 file=$5
ts=$(date +%s)
nonce=$(openssl rand -hex 16)
signature=$( { printf '%s\n%s\n' "$ts" "$nonce"; cat "$file"; } | openssl dgst -sha256 -hmac "$secret" -hex | sed 's/^.* //')
exec curl -si "$url" -H "Content-Type: $content_type" \
  -H "X-Fq-Source: $source_id" -H "X-Fq-Timestamp: $ts" -H "X-Fq-Nonce: $nonce" -H "X-Fq-Signature: $signature" \
  --data-binary "@$file"
