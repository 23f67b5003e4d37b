#!/usr/bin/env bash
# Installs everything Docket needs, builds it in release mode and runs the main job on the
# embedded database: start it, migrate it, show its status. Safe to run again.
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

stage install install_system_packages
stage model install_model
stage build swift build -c release --product docket
DOCKET="$REPO_ROOT/.build/release/docket"

stage database "$DOCKET" db start
stage migrate "$DOCKET" migrate
"$DOCKET" status
print_stage_times
cat <<EOM

Docket is built and its database is running.
  binary:   $DOCKET   (add $(dirname "$DOCKET") to PATH to call it as docket)
  database: psql "\$($DOCKET db url)"
  stop it:  $DOCKET db stop
EOM
