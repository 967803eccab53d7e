#!/usr/bin/env bash
# Builds PgBouncer from the source vendored in vendor/ (vendor/README.md) once per machine, into a
# cache directory outside the repository, and reuses it after that. The scale test
# (tests/scale/stack.ts) runs this PgBouncer: Debian 12's package is 1.18, which cannot pool the
# read compiler's named prepared statements in transaction mode (`max_prepared_statements` came in
# 1.21).
#
#   bash scripts/scale/build-pgbouncer.sh      # prints the binary's path on stdout
#
# Cache: $EPI_HUB_CACHE/pgbouncer-<version>/bin/pgbouncer (EPI_HUB_CACHE defaults to
# ~/.cache/epi-hub); rebuilt when the vendored archive's sha256 differs from the one it was built
# from. Needs a C compiler, make, autoconf, automake, libtool, pkg-config and libevent's headers
# (Debian: apt-get install build-essential autoconf automake libtool pkg-config libevent-dev;
# .ci/run installs them). Built without TLS, PAM, LDAP and c-ares (the test needs none of them) and
# without its manual pages (they need pandoc): only the `pgbouncer` binary. About 40 s on 2 vCPUs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VERSION=1.25.2
ARCHIVE="$ROOT/vendor/pgbouncer-$VERSION.tar.xz"
CACHE="${EPI_HUB_CACHE:-$HOME/.cache/epi-hub}/pgbouncer-$VERSION"
BIN="$CACHE/bin/pgbouncer"
SUM="$(sha256sum "$ARCHIVE" | cut -d' ' -f1)"

cached() { [ -x "$BIN" ] && [ "$(cat "$CACHE/source.sha256" 2>/dev/null)" = "$SUM" ] && "$BIN" --version 2>/dev/null | grep -q "PgBouncer $VERSION"; }
if cached; then
  echo "$BIN"
  exit 0
fi
# One build at a time on a machine (two test runs starting together): the second waits, then
# finds the first one's build.
mkdir -p "$(dirname "$CACHE")"
exec 9>"$CACHE.lock"
flock 9
if cached; then
  echo "$BIN"
  exit 0
fi

missing=()
for tool in cc make autoconf automake libtoolize pkg-config; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if command -v pkg-config >/dev/null 2>&1 && ! pkg-config --exists libevent; then missing+=("libevent (headers)"); fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "build-pgbouncer: missing ${missing[*]}; Debian: apt-get install build-essential autoconf automake libtool pkg-config libevent-dev" >&2
  exit 1
fi

echo "build-pgbouncer: building PgBouncer $VERSION into $CACHE (once per machine) ..." >&2
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
tar -xJf "$ARCHIVE" -C "$WORK"
cd "$WORK/pgbouncer-$VERSION"
{
  # The archive is the tagged source tree (git archive), so configure is generated here.
  ./autogen.sh
  ./configure --prefix="$CACHE" --without-openssl --without-cares --without-pam --without-ldap --without-systemd
  nice -n 5 make -j"$(nproc)" pgbouncer
} >"$WORK/build.log" 2>&1 || {
  tail -40 "$WORK/build.log" >&2
  echo "build-pgbouncer: the build failed (log above)" >&2
  exit 1
}
./pgbouncer --version | grep -q "PgBouncer $VERSION"
# Into place atomically: a half-finished build never looks like a cached one.
STAGE="$CACHE.tmp.$$"
rm -rf "$STAGE"
mkdir -p "$STAGE/bin"
install -m 0755 pgbouncer "$STAGE/bin/pgbouncer"
cp COPYRIGHT "$STAGE/COPYRIGHT"
echo "$SUM" >"$STAGE/source.sha256"
rm -rf "$CACHE"
mv "$STAGE" "$CACHE"
echo "build-pgbouncer: built $("$BIN" --version | head -1)" >&2
echo "$BIN"
