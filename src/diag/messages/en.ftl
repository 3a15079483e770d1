# The words of bulletin's findings, in English. Each message's id is the one the code
# names; `$name`s are filled in by the code. Keep zh-CN.ftl in step: both must have
# the same ids (a unit test checks it).

## Framing

plain = { $text }
nothing-written = { $errors } error(s), { $warnings } warning(s): nothing was written
layout-failed = the layouts could not be typeset ({ $errors } error(s) above)
message-in-file = { $message } (in `{ $file }`)
hint-note = hint: { $hint }
list-and = { $init } and { $last }
none = none

## Parts of the issue, as messages name them

subject-issue = the issue
subject-publication = the publication
subject-publication-key = `{ $key }` of the publication
subject-colophon = the colophon
subject-address-line = an address line of the colophon
subject-section = section { $number }
subject-section-named = section { $number } “{ $name }”
subject-name-of = the name of { $table }
subject-article = article { $number } of { $section }
subject-article-titled = article “{ $title }” ({ $number } of { $section })
subject-title-of = the title of { $article }
subject-paragraph = paragraph { $number } of { $article }
subject-attribution = the attribution of { $article }
subject-key-in = the { $key } in { $table }
sections = sections
articles = articles
paragraphs = paragraphs

## Reading files

file-too-large = `{ $path }` is { $bytes } bytes, more than the { $max } an input file may have
hint-right-file = is this the right file?
not-a-file = `{ $path }` is not a file
file-unreadable = cannot read `{ $path }`: { $reason }
hint-check-path = check that the file exists and the path is spelt right
not-utf8 = `{ $path }` is not UTF-8 text (an invalid byte on line { $line }, byte { $byte })
hint-save-utf8 = save the file as UTF-8 text; a binary or GBK-encoded file cannot be read
hint-save-export-utf8 = save the export as UTF-8 text; for a Word file, name it .docx

## TOML and the fields of the issue and publication files

too-deep = brackets nest more than { $max } deep here
hint-runaway-paste = an issue file needs only a few levels; check for a runaway paste
toml-syntax = TOML syntax: { $message }
hint-date-syntax = a date is written like 2023-08-04, without quotes, and must be a day of the calendar
hint-toml-syntax = see the data format in the README: text goes in double quotes, one key = value a line
unknown-key = unknown key `{ $key }` in { $table }
hint-did-you-mean = did you mean `{ $key }`?
hint-allowed-keys = the keys allowed here are { $keys }
missing-key = { $table } has no `{ $key }`
hint-add-line = add a line such as `{ $key } = { $example }`
wrong-type = `{ $key }` of { $table } must be { $expected }, not { $found }
must-be-text = { $what } must be text, not { $found }
expected-text = text in quotes
expected-integer = a whole number
expected-boolean = true or false
expected-date = a date such as 2023-08-04
expected-list-of = a list of { $what }
expected-list-of-starting = a list of { $what }, each starting `{ $example }`
expected-paragraphs = a list of texts: ["…", "…"]
expected-table-such-as = a table such as { $example }
expected-colophon = [colophon] with address, postcode and phone
expected-address-lines = a list of address lines
found-text = text
found-integer = a whole number
found-float = a decimal number
found-boolean = true or false
found-date = a date
found-list = a list
found-table = a table
hint-date-unquoted = write the date without quotes, such as 2023-08-04
hint-quote-text = put the text in double quotes
hint-number-unquoted = write the number without quotes
hint-write-expected = write { $expected } here
hint-quote-paragraph = put each paragraph in double quotes
out-of-range = `{ $key }` of { $table } is { $value }, outside { $min }..={ $max }
hint-number-between = write a number from { $min } to { $max }
date-with-time = `{ $key }` of { $table } must be a date without a time
hint-date-only = write only the day, such as 2023-08-04
not-a-calendar-day = `{ $key }` of { $table } is not a day of the calendar: { $date }
hint-check-month-day = check the month and the day
has-none = { $table } has no { $what }
hint-add-one = add one, starting with a line `{ $example }`
hint-one-paragraph = write at least one paragraph between the brackets
duplicate-title = { $article } repeats { $first }
hint-same-title-line = the same title stands on line { $line }; remove one of the two
date-after-issue = { $attribution } is dated { $date }, after the issue's date { $issue_date }
hint-check-attribution-date = check the attribution's date, or the issue's `date`
text-empty = { $what } is empty
hint-write-or-remove = write the text, or remove the entry
text-too-long = { $what } is { $chars } characters long, more than the { $max } allowed
hint-pasted-by-mistake = check for text pasted by mistake
text-control-character = { $what } contains the invisible control character { $code_point }
hint-split-paragraph = a paragraph is one line of text: split it into two paragraphs, or join the lines
hint-delete-invisible = delete the invisible character { $code_point } ({ $name })
char-left-to-right-mark = left-to-right mark
char-right-to-left-mark = right-to-left mark
char-arabic-letter-mark = Arabic letter mark
char-bidi-control = bidirectional control
char-tab = tab
char-line-break = line break
char-control = control character
unknown-profile = unknown profile `{ $profile }` in the publication
hint-profiles = write `profile = "print"` (for the print shop) or `profile = "screen"` (for the website and the archive)
unknown-pdfx-level = unknown PDF/X level `{ $level }` in the publication
hint-pdfx-levels = write `pdfx = "4"` (PDF/X-4, the default) or `pdfx = "1a"` (PDF/X-1a:2003)
address-line-not-text = an address line of the colophon must be text
hint-quote-address = put each address line in double quotes
publication-missing = the publication file `{ $path }` does not exist
hint-publication-path = the path is relative to the issue folder, usually "../publication.toml"
publication-outside = the publication file `{ $path }` lies outside the project folder
hint-inside-project = files named in the data must be inside the project (the folder holding layouts/); use "../publication.toml"
folder-year = the folder `{ $folder }` is for { $year }, but the issue says `year = { $data_year }`
hint-rename-or-year = rename the folder or correct `year`
folder-month = the folder `{ $folder }` is for month { $month }, but the issue's date is { $date }
hint-rename-or-date = rename the folder or correct `date`
folder-issue = the folder `{ $folder }` is for { $id }, but the issue is of { $year } dated { $date }

## How much an issue may hold (src/issue/limits.rs)

limit-articles = articles
limit-blocks = paragraphs, subheadings, bylines, figures and tables
limit-chars = characters of text
long-paragraph = { $what } is { $chars } characters long: a paragraph of more than { $warn } is most likely several paragraphs run together
hint-long-paragraph = split it where each paragraph ends, each one a text of its own in `paragraphs`; a paragraph of more than { $max } characters is refused
hint-split-long-paragraph = split it where each paragraph ends, each one a text of its own in `paragraphs`, and check for text pasted by mistake
too-many-articles = { $what } is article { $count } of the issue, more than the { $max } an issue may hold
hint-too-many-articles = an issue has some 30 to 45 articles: check for articles pasted or imported twice, and keep the rest for another issue
too-many-blocks = { $what } is entry { $count } of the issue's paragraphs, more than the { $max } paragraphs, subheadings, bylines, figures and tables an issue may hold
hint-too-many-blocks = an issue has some 150: check for a text split into a paragraph a line, or pasted or imported twice
too-much-text = with { $what } the issue's text passes { $max } characters, more than an issue may hold
hint-too-much-text = an issue has some 20,000 characters: check for text pasted or imported twice, and keep the rest for another issue
hint-rest-not-checked = the issue is refused as it is: nothing after this point was checked or typeset

## The blocks of an article besides paragraphs

subject-block = the { $kind } at entry { $number } of the paragraphs of { $article }
subject-caption-of = the caption of { $block }
subject-credit-of = the credit of { $block }
subject-cell = cell { $column } of row { $row } of { $block }
block-subheading = subheading
block-byline = byline
block-figure = figure
block-table = table
block-no-kind = { $what } is a table that names no kind of block
block-kinds = { $what } names both `{ $first }` and `{ $second }`: a block is of one kind
hint-block-kinds = write one kind each: { "{" } subheading = "…" { "}" }, { "{" } byline = "（作者：…）" { "}" }, { "{" } figure = "chart.png", caption = "…" { "}" } or { "{" } table = "table.csv", caption = "…" { "}" }
expected-share = a number such as 0.6
width-out-of-range = `width` of { $what } is { $value }, not a share of the text width above 0 and at most 1
hint-width = write, for example, width = 0.6 for three fifths of the text width, or leave it out for the full width
expected-table-rows = the name of a CSV file in quotes or a list of rows [["…", "…"], ["…", "…"]]
row-not-list = row { $row } of { $what } must be a list of cells, not { $found }
cell-not-text = cell { $column } of row { $row } of { $what } must be text, not { $found }
hint-table-rows = write the rows as [["地区", "增速"], ["东部地区", "13%"]]: the first row is the header, every cell in quotes
table-empty = { $what } has no header row
hint-table-header = the first row is the header: write at least that one
table-ragged = row { $row } of { $what } has { $cells } cell(s), but the header has { $header }
hint-table-ragged = give every row as many cells as the header; write an empty cell as ""
block-file-outside = the file `{ $path }` of { $what } lies outside the issue's folder
hint-block-file-inside = put the file in the issue's folder, beside issue.toml, and write its name, such as "chart.png"
block-file-unreadable = cannot read the file `{ $path }` of { $what }: { $reason }
hint-block-file-path = the name is relative to the issue's folder (beside issue.toml): check that the file is there and the name is spelt right
reason-not-a-file = it is not a file
image-not-png-jpeg = the file `{ $path }` of { $what } is not a PNG or JPEG picture
hint-image-format = save the picture as PNG (charts, drawings) or JPEG (photographs)
image-damaged = the file `{ $path }` of { $what } is a damaged { $format } picture: { $reason }
hint-image-damaged = save the picture again from the program that made it
csv-not-utf8 = the file `{ $path }` of { $what } is not UTF-8 text (an invalid byte on line { $line })
hint-csv-utf8 = save the table as CSV in UTF-8 (in Excel: Save As, “CSV UTF-8 (Comma delimited)”)
csv-unreadable = the file `{ $path }` of { $what } cannot be read as CSV: { $reason }
image-low-resolution = the picture `{ $path }` of { $what } prints at { $ppi } ppi ({ $width_px } × { $height_px } px at { $width_mm } × { $height_mm } mm), under { $min } ppi
hint-image-resolution-error = it would print blocky: supply it with more pixels ({ $good } ppi at this size is { $needed_px } px across), or print it smaller with `width`
hint-image-resolution-warning = it may print soft: { $good } ppi is the press standard ({ $needed_px } px across at this size)

## The typeset pages

missing-glyph = the character { $char } ({ $code_point }) in { $place } is in none of the fonts
hint-missing-glyph = add a font that has it with --font-path DIR, or replace the character; --allow-missing-glyphs prints it as an empty box
hint-missing-glyph-allowed = it prints as an empty box; add a font that has it with --font-path DIR
used-in-section-name = the name of section { $number } “{ $name }”
used-article = article “{ $title }” of section “{ $section }”
used-in-title = the title of { $article }
used-in-paragraph = paragraph { $number } of { $article }
used-in-attribution = the attribution of { $article }
used-in-publication = the publication settings
used-in-layouts = the layouts
unknown-font-family = the layouts ask for the font family “{ $family }”, which no font folder provides
hint-add-font = add its font files to fonts/ or name a folder that has them with --font-path DIR

## Importing a text export

unplaced-line = this line stands { $where } and cannot be placed
where-after-contents = after the contents list
where-before-first-section = before the first section marker
hint-move-or-delete = move it into an article, or delete it if it is not part of the issue
attribution-without-article = this attribution follows no article
hint-article-shape = an article is a title line, its paragraphs, then the attribution
long-title = the title “{ $title }” runs over { $lines } lines
hint-title-ends = a line that ends in a space ends the title: check that no paragraph was taken into it
in-article = { $message } (article “{ $title }”)
hint-attribution-export = write it as 来源：《解放日报》 编选：《电子商务动态》编辑部 2023 年 08 月 04 日
import-no-paragraphs = the article “{ $title }” has no paragraphs
hint-title-then-attribution = the title is followed directly by its attribution: add the text or delete the article
title-without-text = “{ $title }” stands where a title is expected, but no text follows it
hint-title-line = a title line ends in a space and is followed by the article's paragraphs
no-attribution-line = the article “{ $title }” has no attribution line
hint-end-with-attribution = end every article with its attribution, such as 来源：《电子商务动态》编辑部 2023 年 07 月 21 日
import-empty-section = the section 【{ $name }】 has no articles
hint-delete-marker = delete the marker, or check the articles that should follow it
attribution-no-date = the attribution has no date at its end (such as 2023 年 08 月 04 日)
attribution-start = an attribution starts with 来源：, 编选：, 编辑：, 整理： or 编译： (in either script, with either colon)
attribution-no-names = the attribution names neither source nor compiler
attribution-bad-date = the attribution's date { $date } is no day of the calendar
colophon-differs = the colophon's { $what } reads “{ $export }”, issues/publication.toml says “{ $publication }”
colophon-address = address
colophon-postcode = postcode
colophon-phone = phone
hint-colophon-publication = the bulletin prints the publication's: correct publication.toml if the office's details changed
unplaced-after-rule = this line after the dashed rule cannot be placed
hint-after-rule = after the rule the export has only the colophon (编辑部地址, 邮政编码, 电话) and the contents
contents-unknown-section = the contents name a section “{ $name }” that the text does not have
hint-sections-are = the sections are { $names }
contents-other-section = the contents list “{ $title }” under “{ $listed }”, but the article is in “{ $actual }”
hint-article-stays = the article stays where the text has it
contents-no-article = the contents entry “{ $title }” matches no article's title
hint-contents-entry = the contents set which articles are listed: correct the entry or the title so they read alike
import-over-limit = with the article “{ $title }”, this file gives more than the { $max } { $what } an issue may hold: nothing was imported
hint-import-too-large = check that this is the right file: an issue has some 30 to 45 articles, 150 paragraphs and 20,000 characters; import a large collection in parts, an issue at a time
import-paragraph-too-long = paragraph { $number } of the article “{ $title }” is { $chars } characters long, more than the { $max } a paragraph may have
hint-paragraph-lines-export = a line that ends in a space ends a paragraph: check that the last line of each paragraph ends in one

## Importing Word files

in-file = { $file }: { $message }
hint-save-docx = save the article from Word as a .docx document
docx-not-zip = not a Word .docx file (it is not a zip container: { $reason })
docx-part-unreadable = cannot read { $part }: { $reason }
docx-no-document = not a Word .docx file (it has no word/document.xml)
docx-bad-xml = word/document.xml is not well-formed XML: { $reason }
docx-no-body = the document has no body
docx-picture-missing = the picture in paragraph { $number } is not in the file (a linked picture?)
docx-picture-format = the picture in paragraph { $number } ({ $name }) is not a PNG or JPEG image
docx-picture-damaged = the picture in paragraph { $number } is damaged: { $reason }
docx-a-picture = a picture
docx-a-table = a table
hint-save-picture = insert the picture into the document (not as a link), saved as PNG or JPEG
docx-no-title = cannot tell the title: no paragraph is a heading and the first line is not bold
hint-docx-title = give the title a heading style (标题 1) or make the first line bold
docx-before-title = paragraph { $number } stands before the title and cannot be placed: “{ $text }”
hint-move-below-title = delete it, or move it below the title
docx-in-paragraph = paragraph { $number }: { $message }
hint-attribution-word = write it as 来源：《解放日报》 2023年8月4日 (编选：… before the date when someone else compiled it)
docx-no-attribution = the article “{ $title }” has no 来源 line at its end
hint-end-with-attribution-word = end the article with its attribution, such as 来源：《解放日报》 2023年8月4日
docx-no-paragraphs = the article “{ $title }” has no paragraphs under its title
docx-over-limit = at paragraph { $number } the document passes the { $max } { $what } an issue may hold: nothing was imported
docx-paragraph-too-long = paragraph { $number } is { $chars } characters long, more than the { $max } a paragraph may have
hint-split-long-paragraph-word = split it where each paragraph ends (with Enter in Word), and check for text pasted by mistake

## Files outside the project

file-outside-project = `{ $path }` leads outside the project folder and is not read
hint-inside-project-file = keep the issue's files in the project (the folder holding layouts/), not as links to elsewhere

## bulletin init, bulletin doctor and --version

init-no-installed-copy = no installed copy of the layouts and fonts was found (looked in { $places }): install the bulletin package, or set BULLETIN_SHARE_DIR to the folder that holds layouts/ and fonts/
init-bad-first = `{ $id }` is not an issue name: write the year and month, such as 2026-12
init-made = made the project { $root } (layouts and fonts copied from { $from })
init-first-issue = first issue: { $path } ({ $year }年第{ $number }期): replace its example articles with the issue's own
init-sample = sample issue: { $path } (the August 2023 issue, to try the tools on)
init-next = next: cd { $root }, then `bulletin serve --open` for the desk in the browser, or `bulletin build { $issue }` for its PDF
doctor-no-project = there is no project in `{ $dir }` or any folder above it (no layouts/main.typ): make one with `bulletin init`
doctor-program = program: bulletin { $version } ({ $path })
doctor-installed = installed copy: { $dir } ({ $how })
doctor-installed-none = installed copy: none found (looked in { $places })
doctor-found-package = installed with the package
doctor-found-variable = named by BULLETIN_SHARE_DIR
doctor-found-checkout = the checkout the program was built in
doctor-project = project: { $root }
doctor-made-by = made by { $program } on { $date }, its layouts and fonts copied from { $from }
doctor-checkout = a checkout of the bulletin repository: its layouts and fonts are the repository's
doctor-no-record = no record of where its layouts and fonts came from (bulletin-project.toml is missing)
doctor-folder-alone = { $name }: { $files } files (no installed copy to compare with)
doctor-folder-is-installed = { $name }: { $files } files: this project is the installed copy
doctor-folder-same = { $name }: { $files } files, the same as the installed copy
doctor-folder-differs = { $name }: { $files } files; differing from the installed copy: { $count }
doctor-only-project = { "  " }{ $path }: only in this project
doctor-only-installed = { "  " }{ $path }: only in the installed copy (new there, or removed here)
doctor-changed-here = { "  " }{ $path }: changed in this project{ $lines }
doctor-newer-installed = { "  " }{ $path }: newer in the installed copy{ $lines }
doctor-changed-both = { "  " }{ $path }: changed both here and in the installed copy{ $lines }
doctor-differs = { "  " }{ $path }: differs{ $lines }
doctor-lines = { " " }(lines: { $removed } only here, { $added } only in the installed copy)
doctor-fonts-sums-match = fonts: every font matches fonts/SHA256SUMS
doctor-fonts-sums-differ = fonts: { $names } missing or changed against fonts/SHA256SUMS
doctor-fonts-no-sums = fonts: no fonts/SHA256SUMS to check them against
doctor-fonts-broken = the project's fonts are not the ones fonts/SHA256SUMS lists: copy them again from the installed copy
doctor-profile = colour profile: { $identifier }, { $description }, built into the program (sha256 { $sha }…){ $against }
doctor-profile-same = , the same as the installed copy's
doctor-profile-differs = , different from the installed copy's { $path }
doctor-newer-layouts = newer layouts or fonts are installed (files changed: { $count }). This project keeps building with its own copies, as before; `bulletin doctor --diff` shows the changes, and copying them from { $dir } takes them.
version-no-project = project: none in the current folder (`bulletin init` makes one)
desk-project = desk: the project { $dir }
desk-made-project = desk: made the project { $dir } (its first issue is under issues/)
desk-choose-project = Choose the folder of the bulletin's project, or an empty folder for a new one
desk-choice-cancelled = no project folder was chosen: start the desk again to choose one

## bulletin check

check-ready = { $issue }: { $articles } articles in { $sections } sections, { $pages } pages, { $warnings } warning(s): ready to print
desk-already-running = desk: this project's desk is already running at { $url }; it opens in the browser

## bulletin build, new, render and serve

list-separator = {", "}
build-summary = { $path } ({ $pages } pages, { $description })
build-wrote = wrote { $built }
build-not-signed-off = this issue is under review and its current text is not signed off (签发): the print PDF was written, but the desk would not hand it to the print shop; ask the chief to sign it off
build-built-in = { $built } in { $seconds } s
build-failed-below = failed { $issue } (reason below)
build-print-profile = print profile, { $level }
build-screen-profile = screen profile, PDF/A-2b, PDF/UA-1
build-bleed = { $bleed } bleed
build-marks = crop marks
build-blank-pages = { $count } blank before the last
new-wrote = wrote { $path } ({ $year }年第{ $number }期, from { $from })
render-wrote = wrote { $count } pages to { $dir } ({ $ppi } ppi)
desk-serving = desk: serving { $url }; press Ctrl-C to stop
desk-stopped = desk: stopped
batch-summary = built { $built } of { $total } issues in { $seconds } s ({ $jobs } at a time)
batch-failed = ; { $count } failed:

## bulletin watch

watch-watching = watching { $issue } (Ctrl-C to stop)
watch-changed = changed: { $names }
watch-rebuilt = rebuilt in { $time }: wrote { $pdf } ({ $pages } pages, { $profile }; { $steps })
watch-profile-print = print profile
watch-profile-screen = screen profile
watch-step-fonts = fonts { $time }
watch-step-load = load { $time }
watch-step-typeset = typeset { $time }
watch-step-pdf = PDF { $time }
watch-step-write = write { $time }
watch-step-images = { $count } page image(s) { $time }
watch-failed = rebuild failed after { $time }; { $kept }
watch-kept = { $path } keeps the last good build
watch-nothing-written = nothing written

## bulletin preflight: the report's frame (the findings' own words are English still)

preflight-title = Preflight of { $file }
preflight-title-rules = Preflight of { $file } ({ $rules })
preflight-for = for { $target }
preflight-multiple = page count a multiple of { $count }
preflight-document = Document
preflight-pages = Pages
preflight-fonts = Fonts
preflight-images = Images
preflight-requirements = { $level } requirements
preflight-findings = Findings
preflight-pdf-version = PDF version
preflight-encrypted = encrypted
preflight-made-by = made by
preflight-page-count = pages
preflight-k-only = text in K only
preflight-claimed = { $claim } (claimed in the metadata)
preflight-none-claimed = none claimed
preflight-no-page = no page
preflight-every-page = every page
preflight-page = page { $number }
preflight-pages-list = pages { $numbers }
preflight-yes = yes
preflight-no = no
preflight-col-page = page
preflight-col-size = size (mm)
preflight-col-colour-spaces = colour spaces
preflight-col-inks = inks
preflight-col-text = text
preflight-col-name = name
preflight-col-type = type
preflight-col-embedded = embedded
preflight-col-subset = subset
preflight-col-first-page = first page
preflight-col-image = image
preflight-col-pixels = pixels
preflight-col-on-page = on the page (mm)
preflight-col-colour-space = colour space
preflight-col-requirement = requirement
preflight-col-result = result
preflight-mask = mask
preflight-text-k-only = K only
preflight-error = error
preflight-warning = warning
preflight-result = Result: { $errors } error(s), { $warnings } warning(s): { $verdict }
preflight-ready-screen = ready for the website and the archive
preflight-not-ready-screen = not ready for the website and the archive
preflight-ready-pdfx = ready for press, every PDF/X requirement checked is met
preflight-ready = ready for press
preflight-would-stop = the press would stop
preflight-failed = preflight found { $errors } error(s) that would stop the press
outcome-met = met: { $detail }
outcome-failed = NOT MET: { $detail }
outcome-warning = warning: { $detail }
outcome-not-applicable = not applicable: { $detail }
pdfx-rule-version = PDF version at most { $max }
pdfx-rule-file-id = file identifier (trailer ID)
pdfx-rule-encryption = not encrypted
pdfx-rule-output-intent = one GTS_PDFX OutputIntent with a CMYK output profile
pdfx-rule-info = Info: Title, CreationDate, ModDate, Trapped, GTS_PDFXVersion
pdfx-rule-xmp = XMP metadata: identification, IDs, rendition, agreeing with Info
pdfx-rule-boxes = TrimBox on every page; TrimBox ⊆ BleedBox ⊆ MediaBox
pdfx-rule-annotations = no annotation inside the BleedBox
pdfx-rule-colour-x1a = colour: CMYK, grey and spot only (no RGB, ICC or Lab)
pdfx-rule-colour-x4 = colour: no device RGB against a CMYK output intent
pdfx-rule-transparency = no transparency (soft masks, opacity, blend modes, groups)
pdfx-rule-actions = no JavaScript, and no actions other than moving within the document
pdfx-rule-transfer-functions = no transfer functions (TR, TR2 other than Default)
pdfx-rule-postscript-opi = no PostScript XObjects, alternate images or OPI
pdfx-rule-fonts = every font embedded
pdfx-rule-file-structure = PDF 1.4 structure: no object or cross-reference streams, no optional content
pdfx-rule-composite = composite pages, not separations
pdfx-rule-halftones = halftones of type 1 or 5 only, none named, no halftone phase
pdfx-rule-compression-x1a = no LZW, JBIG2 or JPEG 2000 compression
pdfx-rule-compression-x4 = no LZW compression
pdfx-rule-external-content = no embedded files, file specifications or reference XObjects
pdfx-rule-optional-content = optional content: every configuration named, none with AS
pdfx-rule-black-overprint = black overprints (Ghent Workgroup practice)

## bulletin history
history-summary = { $issue }: { $count } versions ({ $size } KB kept in .history/)
history-none = { $issue } has no versions yet: they are kept from the first time the desk opens it or `bulletin history --restore` is used.
history-damaged = { $count } damaged line(s) of the versions file were skipped
history-no-version = there is no version { $n }: `bulletin history ISSUE` lists them
history-same = the issue file already is version { $n }: nothing to restore
history-restored = version { $n } restored: it is the issue file again, kept as version { $new }
history-via-start = first seen
history-via-desk = desk
history-via-word = Word file
history-via-restore = restored version { $n }
history-via-undo = undid version { $n }
history-via-outside = changed outside the desk
history-what-details = issue details
history-what-section-added = section added
history-what-section-removed = section removed
history-what-section-renamed = section renamed
history-what-added = added
history-what-removed = removed
history-what-moved = moved
history-what-retitled = new title
history-what-paragraphs = text
history-what-blocks = blocks
history-what-attribution = attribution
history-what-listed = contents listing

## bulletin users, and the desk's accounts

users-no-project = there is no project in `{ $dir }` or any folder above it (no layouts/main.typ): name it with --root
users-unknown = there is no account “{ $name }” (`bulletin users list` lists them)
users-exists = the account “{ $name }” exists already (`bulletin users passwd { $name }` changes its password)
users-bad-name = “{ $name }” cannot be an account's name: use 1 to 64 characters without spaces
users-empty-password = the password is empty: nothing was changed
users-short-password = the password is too short: use at least { $min } characters
users-long-password = the password is too long: use at most { $max } bytes
users-passwords-differ = the two passwords differ: nothing was changed
users-unreadable = the accounts file { $file } cannot be read: { $detail }
users-no-input = no password was given on standard input
users-password-prompt = Password for { $name }:{ " " }
users-password-again = The same password again:{ " " }
users-added = added the account { $name } ({ $role }) to { $file }
users-removed = removed the account { $name }; its sessions on a running desk end at once
users-password-changed = changed the password of { $name }; its sessions on a running desk end at once
users-none = no accounts yet: `bulletin users add NAME --role editor` adds one
users-col-name = name
users-col-role = role
users-col-created = created
desk-no-accounts = the desk needs accounts to be served beyond this computer (or with --require-login), and { $file } holds none: add one with `bulletin users add NAME --role editor`
desk-login-note = desk: listening on { $ip } port { $port }: only people signed in with an account of `bulletin users` can use it
desk-plain-http-warning = warning: passwords and pages cross the network unencrypted: serve with --tls-cert and --tls-key, or behind a reverse proxy that speaks HTTPS

## The command line's failures (bulletin build, import, new, init; the project and its folders)

build-one-output = -o names the PDF of one issue; for several issues give the folder with --out-dir
out-dir-not-folder = --out-dir `{ $dir }` is not a folder
out-dir-missing = --out-dir `{ $dir }` does not exist; create it first or choose another folder
print-only-option = { $options } is for the print profile only, and this build uses the screen profile: drop it, or add --profile print
print-only-options = { $options } are for the print profile only, and this build uses the screen profile: drop them, or add --profile print
pad-count = asked for { $blank } blank pages after { $pages } pages, the layouts typeset { $count } pages: check that layouts/main.typ still adds `blank-pages` pages after the colophon
batch-crashed = bulletin crashed on this issue (the message is above); please report it with the issue folder
targets-nothing = `{ $path }` holds no issue.toml and no issue folders: give an issue folder such as issues/2023-08, or the folder that holds them, such as issues/
no-issue-folder = there is no issue folder `{ $dir }`: check the path (for example issues/2023-08)
issue-folder-is-file = `{ $path }` is a file, not an issue folder: give the folder that holds issue.toml
project-folder-unreadable = failed to open project folder `{ $dir }`
project-no-layouts = `{ $dir }` holds no layouts/main.typ
project-not-found = no layouts/main.typ in `{ $dir }` or any folder above it; pass --root with the bulletin project folder
cannot-write-not-a-folder = cannot write `{ $path }`: `{ $dir }` is not a folder
cannot-write-no-folder = cannot write `{ $path }`: the folder `{ $dir }` does not exist; create it first or choose another -o
new-exists = `{ $path }` exists already: nothing was written
new-issues-unreadable = failed to read the issues folder `{ $dir }`
new-no-latest = `{ $dir }` holds no issue folder (such as 2023-08) to start from
new-latest-unclean = the latest issue `{ $dir }` must check cleanly first
issue-name-invalid = `{ $id }` is not an issue name: write the year and month, such as 2023-09
new-wrong-year = issue { $id } would be in { $year }, but the issue after { $latest } is 第{ $number }期 of { $next }
import-old-word = `{ $file }` is an old-style Word file: save it as a .docx document first
import-mixed = give either text exports or .docx files, not both: a text export is a whole issue, .docx files are articles added to one section
import-section-for-word = --section is for .docx files: a text export names its sections with 【…】 markers
import-has-articles = `{ $file }` holds { $count } articles already: nothing was written. Give --force to replace them with the import (the file's date, numbers and publication are kept, and so is its spacing wherever a title or paragraph reads the same)
import-not-issue-file = `{ $file }` exists and is not an issue file: nothing was written; give --force to replace it
import-no-sections = the text has no section marker such as 【行业资讯】: there is nothing to import
import-section-required = --section is required with .docx files: name the section the articles go into, for example --section 行业资讯
import-not-toml = `{ $file }` is not an issue file (not TOML): run `bulletin check` on it
import-no-such-section = the latest issue has no section “{ $section }”; its sections are { $sections }: give one of them with --section, or start the issue with `bulletin new` and edit its sections
init-taken = `{ $dir }` already holds { $taken }: a project is made only where none of layouts/, fonts/, issues/ and { $record } exist; choose an empty folder. Nothing was written
init-inside-installed = `{ $dir }` lies inside the installed copy `{ $installed }`: make the project in a folder of your own
init-sample-month = the sample issue { $name } has the first issue's month: leave --sample out, or copy the sample into a project of its own

## Files and folders, as failures name them

read-failed = failed to read `{ $path }`
path-unopenable = failed to open `{ $path }`
file-unwritable = failed to write `{ $path }`
folder-uncreatable = failed to create the folder `{ $dir }`
current-folder-unreadable = failed to read the current folder

## bulletin history, watch, diff and preflight: their failures

history-version-missing = there is no version { $n }
history-version-unrebuildable = version { $n } cannot be rebuilt: version { $base } is missing
history-version-no-content = version { $n } is damaged: it holds neither a text nor a change
history-version-change-unfit = version { $n } is damaged: its change does not fit
history-version-wrong-text = version { $n } is damaged: its text is not the one recorded
history-version-named = version { $n }
watch-setup-failed = failed to set up file watching
watch-folder-failed = failed to watch `{ $dir }`
watch-stopped = file watching stopped
diff-folder-without-issue = `{ $path }` is a folder without an issue.toml
diff-neither = `{ $path }` is neither an issue folder nor a PDF file
pdf-unreadable = the PDF could not be read ({ $detail })
page-too-large = page { $page } is too large to render at { $ppi } ppi
preflight-uninspectable = `{ $path }` could not be inspected
preflight-not-pdf = it is not a PDF file (it does not start with %PDF-)
preflight-unreadable-pdf = it is not a PDF that can be read

## bulletin serve: the desk's start

tls-certificate-unreadable = failed to read the certificate `{ $path }`
tls-no-certificate = `{ $path }` holds no certificate (PEM, BEGIN CERTIFICATE)
tls-key-unreadable = failed to read the private key `{ $path }`
tls-no-protocol = the TLS library offers no protocol version
tls-key-mismatch = `{ $key }` is not the key of `{ $certificate }`
tls-start-failed = failed to start serving TLS
desk-reports-folder-failed = failed to create a temporary folder for reports
desk-threads-failed = failed to start the server's threads
desk-cannot-listen = cannot listen on { $ip } port { $port }
desk-server-failed = the server failed
desk-bad-url = `{ $url }` is not an address such as https://desk.example.org
desk-bad-url-path = `{ $url }` is not an address such as https://desk.example.org (no path)
desk-bad-issue-name = `{ $id }` is not a name the desk can serve: use letters, digits and - only

## More failures to read, write and make files and folders

write-into-failed = failed to write into `{ $dir }`
cannot-write-into = cannot write into `{ $dir }`
folder-unmakeable = failed to make the folder `{ $dir }`
make-failed = failed to make `{ $dir }`
create-failed = failed to create `{ $path }`
permissions-failed = failed to set the permissions of `{ $path }`
folder-unreadable = failed to read the folder `{ $dir }`
folder-unlistable = failed to list `{ $dir }`
remove-failed = failed to remove `{ $path }`
folder-unopenable = failed to open the folder `{ $dir }`
issue-folder-unopenable = failed to open the issue folder `{ $dir }`
init-copy-failed = failed to copy `{ $path }` into the new project
manual-write-failed = failed to write the manual pages into `{ $dir }`
import-check-failed = cannot check the result in `{ $dir }`
cannot-open = cannot open `{ $path }`
cannot-read = cannot read `{ $path }`
write-in-failed = failed to write in `{ $dir }`
lock-failed = failed to lock `{ $path }`
open-link-failed = failed to open `{ $path }` (is it a link?)
password-stdin-unreadable = failed to read the password from standard input
no-home-for-project = no home folder to make the desk's project in
no-home-to-remember = no home folder to remember the desk's project in
fonts-copy-failed = failed to make a private copy of the fonts
build-thread-failed = failed to start a build thread
save-not-toml = the issue file is not valid TOML: run `bulletin check` on it
