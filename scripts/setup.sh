#!/usr/bin/env bash
# Installs everything Docket needs, builds it in release mode and runs the main job on the
# embedded database: a fresh copy of the generated sample inbox goes through `docket up`
# (watch, queue, parse, classify, extract, write results) until the inbox is empty. Safe to
# run again: the inbox copy is rebuilt each time and already-processed documents are found
# by their hash.
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

stage install install_system_packages
stage model install_model
stage build swift build -c release --product docket
DOCKET="$REPO_ROOT/.build/release/docket"

stage database "$DOCKET" db start
stage migrate "$DOCKET" migrate
# The sample inbox: generated documents of every type (invented people and companies), in a
# git-ignored folder.
rm -rf "$REPO_ROOT/inbox"
stage samples "$DOCKET" synth --out "$REPO_ROOT/inbox" --count 24 --seed 7 --labels "$REPO_ROOT/.build/sample-labels.jsonl"
stage up "$DOCKET" up --inbox "$REPO_ROOT/inbox" --exit-when-idle
"$DOCKET" status
print_stage_times
cat <<EOM

Docket processed the sample inbox; the files are in inbox/.done and inbox/.failed.
  results:  psql "\$($DOCKET db url)" -c 'SELECT invoice_number, vendor_name, total_amount, currency FROM docket.invoices'
            psql "\$($DOCKET db url)" -c 'SELECT file_name, doc_type, reasons FROM docket.review_queue'
  run it:   $DOCKET up            (watches ./inbox until Ctrl-C)
  binary:   $DOCKET   (add $(dirname "$DOCKET") to PATH to call it as docket)
  stop db:  $DOCKET db stop
EOM
