#!/usr/bin/env bash
# Installs what the tests need, builds in release mode with testing enabled (debug builds run
# SIMD and parsing code orders of magnitude slower), starts a private PostgreSQL for the tests
# and runs the whole suite. Safe to run again; prints each stage's time.
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

BUILD_FLAGS=(-c release -Xswiftc -enable-testing)

stage install install_system_packages
stage model install_model
stage build swift build "${BUILD_FLAGS[@]}" --build-tests

# A throwaway cluster, readable by the postgres user when we are root (mktemp makes 0700).
TEST_HOME="$(mktemp -d /tmp/docket-test-home.XXXXXX)"
chmod 755 "$TEST_HOME"
DOCKET="$(swift build "${BUILD_FLAGS[@]}" --show-bin-path)/docket"
cleanup() {
    DOCKET_HOME="$TEST_HOME" "$DOCKET" db stop >/dev/null 2>&1 || true
    rm -rf "$TEST_HOME"
}
trap cleanup EXIT
stage database env DOCKET_HOME="$TEST_HOME" "$DOCKET" db start
export DOCKET_TEST_DATABASE_URL="$(DOCKET_HOME="$TEST_HOME" "$DOCKET" db url)"
export DOCKET_TEST_HOME="$TEST_HOME"

status=0
stage tests swift test "${BUILD_FLAGS[@]}" --skip-build || status=$?
print_stage_times
exit $status
