#!/usr/bin/env bash
# Refreshes the vendored chart library of the web UI's review page (Gateway/wwwroot/lib/uplot/) from npm.
#
# Why vendored: the UI is served by the Gateway with a strict CSP and no CDN, and the build (CI from a fresh clone,
# container images, air-gapped installs) must not depend on the npm registry. So the three files npm ships in the
# package (the minified IIFE build, its stylesheet and the MIT licence, as LICENSE.txt so that it is served too) are committed, and this script is the one way to
# change them: it downloads the pinned version with npm, checks the tarball against the registry's integrity hash,
# copies the files and records version and SHA-256 sums in uplot.lock (Gateway.Tests checks the files against it).
#
# Usage: Gateway/ClientLibraries/refresh-uplot.sh [version]     (default: the version in uplot.lock)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/../wwwroot/lib/uplot"
lock="$here/uplot.lock"
version="${1:-$(sed -n 's/^version=//p' "$lock")}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "uplot@$version" >/dev/null)
tarball="$work/uplot-$version.tgz"

expected="$(npm view "uplot@$version" dist.integrity)"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [[ "$expected" != "$actual" ]]; then
  echo "integrity mismatch for uplot@$version: registry $expected, download $actual" >&2
  exit 1
fi

tar -xzf "$tarball" -C "$work"
mkdir -p "$target"
cp "$work/package/dist/uPlot.iife.min.js" "$work/package/dist/uPlot.min.css" "$target/"
cp "$work/package/LICENSE" "$target/LICENSE.txt"

{
  echo "# Written by refresh-uplot.sh: the vendored uPlot files and their SHA-256 sums (checked by Gateway.Tests)."
  echo "version=$version"
  echo "integrity=$expected"
  (cd "$target" && sha256sum uPlot.iife.min.js uPlot.min.css LICENSE.txt | awk '{print "sha256:" $2 "=" $1}')
} > "$lock"
echo "uplot $version vendored into $target"
