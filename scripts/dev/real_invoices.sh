#!/usr/bin/env bash
# Real invoices for development: six PDFs from the test folder of invoice2data 0.3.6 and two
# more that 0.4.0 added (MIT, PyPI sdists), with labels written by hand for Docket's invoice
# and receipt schemas, and the Factur-X sample invoice of the factur-x 7.8 sdist (BSD), labelled from its embedded XML. Never
# committed and not used by the tests; a second signal beside ../shared/corpus for how the
# heads do on layouts nobody generated.
#
#   scripts/dev/real_invoices.sh DIR
#   docket eval --data DIR --ignore-structure
#
# The labels hold only what the page prints: the vendor as printed ("Free SAS" in Free's
# footer, where invoice2data says "Free"), and no subtotal where none is printed apart. A field
# labelled null is checked to be absent from the page (Envato prints "PO Box 16122", an address,
# and no purchase order), so docket eval counts extracting it as an error; a field left out was
# not checked either way.
set -euo pipefail
out=${1:?usage: real_invoices.sh DIR}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Reading an sdist's metadata needs setuptools and wheel in this Python.
pip install --quiet setuptools wheel >/dev/null
pip download --quiet --no-deps --no-binary :all: --no-build-isolation invoice2data==0.3.6 -d "$work" >/dev/null
tar -xzf "$work"/invoice2data-0.3.6.tar.gz -C "$work"
cp "$work"/invoice2data-0.3.6/tests/compare/*.pdf "$out"/
pip download --quiet --no-deps --no-binary :all: --no-build-isolation invoice2data==0.2.80 -d "$work" >/dev/null
tar -xzf "$work"/invoice2data-0.2.80.tar.gz -C "$work"
cp "$work/invoice2data-0.2.80/invoice2data/test/pdfs/2015-01-29 PAYPAL ENVATO MKPL EN 4029357733 AU.pdf" "$out"/envato.pdf
pip download --quiet --no-deps --no-binary :all: --no-build-isolation invoice2data==0.4.0 -d "$work" >/dev/null
tar -xzf "$work"/invoice2data-0.4.0.tar.gz -C "$work"
cp "$work"/invoice2data-0.4.0/tests/compare/{NetpresseInvoice,SammyMaystoneLinesTest}.pdf "$out"/
cat > "$out"/labels.jsonl <<'LABELS'
{"file": "AmazonWebServices.pdf", "doc_type": "invoice", "fields": {"invoice_number": "42183017", "invoice_date": "2014-08-03", "due_date": "2014-08-03", "vendor_name": "Amazon Web Services", "customer_name": "iViveLabs Limited", "currency": "USD", "subtotal_amount": 4.11, "tax_amount": 0, "total_amount": 4.11, "purchase_order": null}}
{"file": "FlipkartInvoice.pdf", "doc_type": "invoice", "fields": {"invoice_number": "BLR_WFLD20151000982590", "invoice_date": "2015-10-20", "vendor_name": "WS Retail Services Pvt. Ltd.", "vendor_tax_id": "29670869006", "customer_name": "Anushrut Singh", "currency": "INR", "total_amount": 319.00}}
{"file": "QualityHosting.pdf", "doc_type": "invoice", "fields": {"invoice_number": "30064443", "invoice_date": "2014-05-07", "due_date": "2014-05-21", "vendor_name": "QualityHosting AG", "vendor_tax_id": "DE 232 446 240", "customer_name": "iViveLabs Ltd.", "currency": "EUR", "subtotal_amount": null, "tax_amount": null, "total_amount": 34.73, "purchase_order": null, "iban": "DE30507500940000048567"}}
{"file": "envato.pdf", "doc_type": "invoice", "fields": {"invoice_number": "12429647", "invoice_date": "2015-01-28", "vendor_name": "Envato", "vendor_tax_id": "11 119 159 741", "customer_name": "iViveLabs Ltd", "currency": "USD", "total_amount": 101.0, "purchase_order": null, "due_date": null, "iban": null}}
{"file": "free_fiber.pdf", "doc_type": "invoice", "fields": {"invoice_number": "562044387", "invoice_date": "2015-07-02", "due_date": "2015-07-05", "vendor_name": "Free SAS", "vendor_tax_id": "FR 604 219 388 61", "customer_name": "de Lattre Alexis", "currency": "EUR", "subtotal_amount": 24.99, "tax_amount": 5.0, "total_amount": 29.99, "purchase_order": null}}
{"file": "NetpresseInvoice.pdf", "doc_type": "invoice", "fields": {"invoice_number": "2022089083", "invoice_date": "2022-11-28", "vendor_name": "NETPRESSE", "customer_name": "ALEXINUX", "iban": "FR7610107002450061705231739", "currency": "EUR", "subtotal_amount": 46.68, "tax_amount": 9.34, "total_amount": 56.02, "purchase_order": null, "vendor_tax_id": "F63530848134"}}
{"file": "SammyMaystoneLinesTest.pdf", "doc_type": "invoice", "fields": {"invoice_number": "invoice_number_1", "invoice_date": "2022-01-01", "due_date": "2022-01-31", "vendor_name": "Sammy Maystone", "customer_name": "Taylor Riddel", "purchase_order": "po_number_123", "currency": "USD", "subtotal_amount": 127.50, "tax_amount": 0, "total_amount": 127.50}}
{"file": "oyo.pdf", "doc_type": "receipt", "fields": {"receipt_date": "2017-12-31", "currency": "INR", "total_amount": 1939}}
LABELS
# The Factur-X sample invoice (factur-x 7.8 sdist, via real_types.sh), labelled from its own XML.
bash "$(dirname "$0")/real_types.sh" "$work/types" >/dev/null
cp "$work/types/invoice_EN16931.pdf" "$out"/
cat >> "$out"/labels.jsonl <<'LABELS'
{"file": "invoice_EN16931.pdf", "doc_type": "invoice", "fields": {"currency": "EUR", "customer_name": "LE CLIENT", "due_date": "2026-03-02", "iban": "FR2012542547256985425874698", "invoice_date": "2026-01-31", "invoice_number": "F20260023", "purchase_order": "PO201925478", "subtotal_amount": 100, "total_amount": 104.9, "vendor_name": "LE FOURNISSEUR", "vendor_tax_id": "FR11123456782"}}
LABELS
echo "wrote $(ls "$out"/*.pdf | wc -l) PDFs and labels.jsonl to $out"
