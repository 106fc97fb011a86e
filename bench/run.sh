#!/usr/bin/env bash
# Runs every benchmark and prints comparable figures.
set -eu
cd "$(dirname "$0")/.."
npx tsx bench/intake.ts "$@"
npx tsx bench/classifier.ts
npx tsx bench/routing-rules.ts
npx tsx bench/routing-geo.ts
npx tsx bench/whistles.ts
