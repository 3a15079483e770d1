#!/usr/bin/env bash
# Proves with outside tools that print PDFs are what they claim: PDF/X-4 or
# PDF/X-1a:2003, in black ink and one spot colour. CI runs it on both standards.
#
#   scripts/pdfx_proof.sh [--spot NAME] PDF...
#
# Each PDF's level is read from its Info (GTS_PDFXVersion). For each file:
#   qpdf --check                     the file's syntax and streams
#   pdfinfo -box                     the page boxes (shown) and the PDF/X subtype
#   pikepdf (an object-level view, independent of bulletin's lopdf code):
#                                    header version, trailer ID, one GTS_PDFX OutputIntent
#                                    with an embedded CMYK prtr profile, Info and XMP keys,
#                                    TrimBox ⊆ BleedBox ⊆ MediaBox on every page, no
#                                    annotations; for X-1a no ICC/RGB colour space, soft
#                                    mask or transparency group anywhere
#   pdf-oxide validate_pdf_x("4")    for PDF/X-4 files: must report valid (a smoke
#                                    validator, far from a full ISO 15930 check)
#   Ghostscript -sDEVICE=tiffsep     separations: page 1 inks only Black and the spot
#                                    (default PANTONE 485 C), every other page Black only
#
# Needs (installs nothing): apt: qpdf poppler-utils ghostscript python3;
# pip: pikepdf pdf-oxide pillow. Exit 0 when every file passes, 1 otherwise.
set -euo pipefail

spot="PANTONE 485 C"
if [ "${1:-}" = "--spot" ]; then
  spot=$2
  shift 2
fi
[ $# -gt 0 ] || { echo "usage: $0 [--spot NAME] PDF..." >&2; exit 2; }
for tool in qpdf pdfinfo gs python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (see the header of $0)" >&2; exit 2; }
done
python3 -c 'import pikepdf, pdf_oxide, PIL' 2>/dev/null ||
  { echo "python packages missing: pip install pikepdf pdf-oxide pillow" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

for pdf in "$@"; do
  echo "== $pdf"
  if qpdf --check "$pdf" > "$work/qpdf.txt" 2>&1; then
    echo "qpdf --check: no errors"
  else
    cat "$work/qpdf.txt"; echo "FAIL qpdf --check"; failed=1
  fi
  pdfinfo -box -f 1 -l 1 "$pdf" 2>/dev/null | grep -E '^(PDF version|PDF subtype|Page +1 (MediaBox|BleedBox|TrimBox))' || true

  python3 - "$pdf" <<'PY' || failed=1
import sys, re, pikepdf, pdf_oxide

path = sys.argv[1]
fails = []
pdf = pikepdf.open(path)
info = pdf.docinfo
version_key = str(info.get('/GTS_PDFXVersion', ''))
level = {'PDF/X-4': '4', 'PDF/X-1:2003': '1a'}.get(version_key)
if level is None:
    print(f"FAIL the Info claims no PDF/X level bulletin writes ({version_key!r})")
    sys.exit(1)
print(f"level: {version_key}" + (f" / {info.get('/GTS_PDFXConformance')}" if level == '1a' else ''))
header = open(path, 'rb').read(8).decode('latin-1')
limit = '1.6' if level == '4' else '1.4'
if header[5:8] > limit:
    fails.append(f"header {header!r} is newer than PDF {limit}")
if '/ID' not in pdf.trailer or len(pdf.trailer.ID) != 2:
    fails.append('no trailer ID')
if '/Encrypt' in pdf.trailer:
    fails.append('encrypted')
intents = [i for i in pdf.Root.get('/OutputIntents', []) if i.get('/S') == '/GTS_PDFX']
if len(intents) != 1:
    fails.append(f'{len(intents)} GTS_PDFX OutputIntents')
else:
    intent = intents[0]
    profile = intent.DestOutputProfile.read_bytes()
    if profile[12:16] != b'prtr' or profile[16:20] != b'CMYK' or int(intent.DestOutputProfile.N) != 4:
        fails.append('the output profile is not a CMYK prtr profile with N 4')
    print(f"OutputIntent: {intent.OutputConditionIdentifier} ({intent.get('/RegistryName')}), profile {len(profile)} bytes")
for key in ('/Title', '/CreationDate', '/ModDate'):
    if key not in info:
        fails.append(f'Info has no {key}')
if str(info.get('/Trapped')) not in ('/True', '/False'):
    fails.append('Info Trapped is not /True or /False')
xmp = pdf.Root.Metadata.read_bytes().decode('utf-8') if '/Metadata' in pdf.Root else ''
def xmp_value(name):
    m = re.search(rf'<{name}>(?:<rdf:Alt><rdf:li[^>]*>)?([^<]*)', xmp)
    return m.group(1) if m else None
if level == '4':
    for name, want in [('pdfxid:GTS_PDFXVersion', 'PDF/X-4'), ('xmpMM:RenditionClass', 'default'),
                       ('pdf:Trapped', str(info.get('/Trapped'))[1:])]:
        if xmp_value(name) != want:
            fails.append(f'XMP {name} is {xmp_value(name)!r}, not {want!r}')
    for name in ('xmpMM:DocumentID', 'xmpMM:VersionID'):
        if not xmp_value(name):
            fails.append(f'XMP has no {name}')
if xmp and xmp_value('dc:title') != str(info.get('/Title')):
    fails.append('XMP dc:title and Info Title disagree')
def box(page, name):
    return [float(v) for v in page[name]] if name in page else None
def within(a, b):
    return a[0] >= b[0] - 0.01 and a[1] >= b[1] - 0.01 and a[2] <= b[2] + 0.01 and a[3] <= b[3] + 0.01
for n, page in enumerate(pdf.pages, 1):
    media, trim = box(page.obj, '/MediaBox'), box(page.obj, '/TrimBox')
    bleed = box(page.obj, '/BleedBox') or trim
    if trim is None:
        fails.append(f'page {n} has no TrimBox'); continue
    if not (within(trim, bleed) and within(bleed, media)):
        fails.append(f'page {n}: TrimBox ⊆ BleedBox ⊆ MediaBox does not hold')
    if len(page.obj.get('/Annots', [])):
        fails.append(f'page {n} has annotations')
if level == '1a':
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Array) and len(obj) and obj[0] in (pikepdf.Name.ICCBased, pikepdf.Name.CalRGB, pikepdf.Name.Lab):
            # The output profile's stream is referenced from the OutputIntent, not a colour space.
            fails.append(f'colour space {obj[0]} in the file')
        d = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj if isinstance(obj, pikepdf.Dictionary) else None
        if d is None:
            continue
        if d.get('/ColorSpace') == pikepdf.Name.DeviceRGB:
            fails.append('DeviceRGB image')
        if '/SMask' in d and d.get('/SMask') != pikepdf.Name.None_:
            fails.append('soft mask')
        if '/Group' in d:
            fails.append('transparency group')
        for key in ('/CA', '/ca'):
            if key in d and float(d[key]) < 1:
                fails.append(f'opacity {key} {d[key]}')
    for page in pdf.pages:
        content = page.obj.Contents.read_bytes() if '/Contents' in page.obj else b''
        if re.search(rb'\b(rg|RG)\b', content):
            fails.append('RGB colour operator in a page')
if level == '4':
    result = pdf_oxide.PdfDocument(path).validate_pdf_x('4')
    if result['valid']:
        print(f"pdf-oxide validate_pdf_x('4'): valid ({len(result['warnings'])} warning(s))")
    else:
        fails.append(f"pdf-oxide validate_pdf_x('4'): {result['errors'][:5]}")
for fail in dict.fromkeys(fails):
    print('FAIL', fail)
if not fails:
    print('pikepdf: header, ID, OutputIntent, Info, XMP, boxes, annotations' + (', colour and transparency' if level == '1a' else '') + ': as PDF/X requires')
sys.exit(1 if fails else 0)
PY

  rm -f "$work"/sep*
  gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=tiffsep -r24 -dOverprint=/simulate \
    -sOutputFile="$work/sep%03d.tif" "$pdf"
  python3 - "$work" "$spot" <<'PY' || failed=1
import sys, glob, re, os
from PIL import Image
work, spot = sys.argv[1], sys.argv[2]
plates = {}
for f in glob.glob(os.path.join(work, 'sep*(*).tif')):
    m = re.match(r'sep(\d+)\((.*)\)\.tif$', os.path.basename(f))
    page, name = int(m.group(1)), m.group(2)
    # tiffsep: 255 is no ink on a plate.
    if Image.open(f).getextrema()[0] < 255:
        plates.setdefault(page, set()).add(name)
pages = sorted({int(re.match(r'sep(\d+)', os.path.basename(f)).group(1)) for f in glob.glob(os.path.join(work, 'sep*.tif'))})
fails = []
for page in pages:
    inks = plates.get(page, set())
    allowed = {'Black', spot} if page == 1 else {'Black'}
    if not inks <= allowed:
        fails.append(f'page {page} inks {sorted(inks)}, allowed {sorted(allowed)}')
if plates.get(1, set()) != {'Black', spot}:
    fails.append(f'page 1 should print Black and {spot}, prints {sorted(plates.get(1, set()))}')
for fail in fails:
    print('FAIL tiffsep:', fail)
if not fails:
    print(f'Ghostscript tiffsep: page 1 on Black and {spot}, pages 2–{pages[-1]} on Black only ({len(pages)} pages)')
sys.exit(1 if fails else 0)
PY
done

if [ "$failed" -ne 0 ]; then
  echo "pdfx_proof: FAILED"
  exit 1
fi
echo "pdfx_proof: every file passed"
