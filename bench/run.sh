#!/usr/bin/env bash
# Runs every benchmark and prints comparable figures.
set -eu
cd "$(dirname "$0")/.."
npx tsx bench/intake.ts "$@"
if [ -f bench/classifier.ts ]; then npx tsx bench/classifier.ts; fi
