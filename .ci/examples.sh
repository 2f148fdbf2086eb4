#!/usr/bin/env bash
# Runs every project under examples/ against the packed package, as a user installs it.
#
#   .ci/examples.sh                       offline: the tarball unpacked into each example's
#                                         node_modules; peers (vitest, jest, msw, the AWS SDK)
#                                         resolve from the repository's node_modules
#   EXAMPLES_INSTALL=npm .ci/examples.sh  npm install in each example (needs the registry),
#                                         with s3-kms-mock pointed at the tarball
#
# Each example is copied to .tmp/examples/<name> first, so the checkout stays clean.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
mode=${EXAMPLES_INSTALL:-offline}
work="$root/.tmp/examples"
rm -rf "$work"
mkdir -p "$work"

echo "=== npm pack (prepack builds dist/)"
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $tarball"

passed=()
for dir in examples/*/; do
  name=$(basename "$dir")
  [ -f "$dir/package.json" ] || continue
  echo
  echo "=== example $name ($mode install)"
  target="$work/$name"
  mkdir -p "$target"
  (cd "$dir" && tar --exclude=node_modules -cf - .) | (cd "$target" && tar -xf -)
  uses_jest=$(node -p "Boolean(require('$target/package.json').devDependencies?.jest)")

  if [ "$mode" = npm ]; then
    node -e "
      const fs = require('node:fs')
      const file = '$target/package.json'
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'))
      pkg.devDependencies['s3-kms-mock'] = 'file:$tarball'
      fs.writeFileSync(file, JSON.stringify(pkg, null, 2))
    "
    (cd "$target" && npm install --no-audit --no-fund && npm test)
  else
    mkdir -p "$target/node_modules"
    tar -xzf "$tarball" -C "$target/node_modules"
    mv "$target/node_modules/package" "$target/node_modules/s3-kms-mock"
    if [ "$uses_jest" = true ]; then
      (cd "$target" && node --experimental-vm-modules "$root/node_modules/jest/bin/jest.js" --ci)
    else
      (cd "$target" && node "$root/node_modules/vitest/vitest.mjs" run)
    fi
  fi
  passed+=("$name")
done

echo
echo "examples passed against the packed package ($mode): ${passed[*]}"
