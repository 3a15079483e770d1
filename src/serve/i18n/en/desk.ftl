# The desk's (bulletin serve) interface text: English.
# Rules (docs/desk-api.md §4): plain text and { $variables } only; no selectors, functions
# or message references. Every key here must also be in zh-CN/desk.ftl.

## General

app-title = Editors' desk
loading = Loading…
skip-to-form = Skip to the form
language-label = Language
cancel = Cancel
close = Close
notice-close = Dismiss
form-heading = This issue
pages-heading = Pages

## Issue

issue-heading = Issue
issue-name = { $year }, no. { $number }
issue-running = (overall no. { $running })
field-year = Year
field-number = Number
field-running-number = Running number (optional)
field-date = Date of issue
field-publication = Publication settings

## Save state

save-saved = Saved
save-saving = Saving…
save-not-ready = Not ready: problems { $count }
save-not-ready-help = Saved, but problems remain: the PDFs cannot be exported until they are solved. Click to see the list.
save-conflict = Conflict, not saved
save-offline = Connection lost
problems-toggle = Show or hide the problems
build-running = Typesetting…
build-time = Typeset in { $ms } ms
build-failed = Typesetting failed: the pages shown are the last good ones

## Sections

section-number = Section { $n }
section-unnamed = (unnamed section)
field-section-name = Section name
section-add = Add a section
section-move-up = Move section up
section-move-down = Move section down
section-delete = Delete section
section-delete-not-empty = The section still has articles: move or delete them first
section-expand = Expand section
section-collapse = Collapse section
section-article-count = articles: { $count }

## Articles

article-number = Article { $n }
article-untitled = (no title)
article-add = Add an article
article-paste = Paste an article
article-move-up = Move up (to the end of the previous section)
article-move-down = Move down (to the start of the next section)
article-move-to = Move to section…
article-locate = Show in the pages
article-delete = Delete article
article-drag = Drag to reorder
confirm-delete-article = Delete the article “{ $title }”?
badge-listed = Contents
badge-problems = problems: { $count }
announce-moved = Moved to “{ $section }”, position { $position }
announce-deleted = Deleted “{ $title }”
docx-drop-hint = Drop Word files (.docx) on this section: each becomes an article

field-title = Title
field-listed = Listed in the contents
field-paragraphs = Paragraphs
paragraphs-help = One box per paragraph. Enter starts a new paragraph; Backspace at the start joins it to the previous one; pasting several paragraphs splits them.
paragraph-label = Paragraph { $n }
paragraph-add = Add a paragraph
paragraph-delete = Delete paragraph { $n }
field-attribution = Source and compiler
field-source = Source
field-source-placeholder = e.g. 《解放日报》 (leave empty for our own articles)
field-compiler = Compiled by
field-attribution-date = Date

block-subheading = Subheading
block-byline = Byline
block-figure = Figure
block-table = Table
block-unknown = Other content
block-read-only = Not editable here yet

## Pages

pages-count = Pages: { $count }
pages-follow = Follow the cursor
pages-one = p. { $page }
pages-range = pp. { $first }–{ $last }
page-alt = Page { $n }
page-caption = Page { $n }
page-title-link = Go to the article: { $title }
zoom-in = Zoom in
zoom-out = Zoom out
zoom-fit = Fit width

## Copyfit

copyfit-heading = Copyfit
copyfit-summary = Pages: { $pages } · to the next multiple of { $multiple }: { $missing } more (room for about { $room } pages of text)
copyfit-summary-exact = Pages: { $pages } · a multiple of { $multiple } (room left on the last page: about { $room })
copyfit-summary-full = Pages: { $pages } · a multiple of { $multiple } (the last page is full)
copyfit-blank-page = Page { $n } (blank, to make up the count)
copyfit-details = Where each article stands
copyfit-col-article = Article
copyfit-col-pages = Pages
copyfit-col-lines = Lines
copyfit-lines = { $lines } lines

## Problems

problems-heading = Problems
problems-none = No problems found.
severity-error = Error:
severity-warning = Warning:
location-layout = Layout

## Export and comparison

export-group = Export
export-print = Export print PDF
export-screen = Export screen PDF
export-disabled-errors = Problems remain: the issue cannot be exported yet
export-disabled-saving = Please wait: saving and typesetting
export-kind-print = Print PDF
export-kind-screen = Screen PDF
exports-heading = Exported files
export-meta = { $pages } pages · { $size } MB · { $when }
export-download = Download
compare-open = Compare with the last export
compare-heading = Compared with the last exported print PDF
compare-identical = Identical to the last exported print PDF.
compare-summary = Pages that differ from the last exported print PDF ({ $pages } pages): { $count }
compare-changed = changed
compare-added = added
compare-removed = removed
compare-no-export = No print PDF has been exported yet: nothing to compare with.

## Paste an article

paste-heading = Paste an article into “{ $section }”
paste-help = Copy a whole article from a web page or Word (title, text and the “来源：…” line), paste it below, then click “Split”.
paste-label = The whole article
paste-split = Split
paste-add = Add to “{ $section }”
paste-paragraph-count = paragraphs: { $count }

## Archive

archive-open = Archive
archive-heading = All issues
archive-col-issue = Issue
archive-col-date = Date
archive-col-pages = Pages
archive-col-state = State
archive-col-open = Open
archive-open-button = Open
archive-open-issue = Open { $name }
archive-ready = ready to export
archive-not-ready = has problems
archive-new = Start the next issue: { $name }
archive-new-none = The next issue exists already

## Notices

notice-saved-elsewhere = Another window saved changes: this one now shows them.
notice-reloaded-disk = The file was changed on disk and has been loaded again.
notice-reloaded = The latest saved version has been loaded.
notice-disk-changed-unsaved = The file was changed elsewhere while this window has unsaved changes. Please reload.
notice-save-failed = Saving failed: { $reason }. Trying again shortly.
notice-load-failed = Could not load: { $reason }
notice-not-placed = This article is not on the pages yet.
notice-article-added = Added the article “{ $title }”.
notice-docx-only = Only Word files (.docx) can be dropped here.
notice-docx-added = Added an article from “{ $name }”.
notice-docx-failed = Could not import “{ $name }”: { $reason }
notice-exported = { $kind } exported ({ $pages } pages), downloading.
notice-export-failed = Export failed: { $reason }
notice-compare-failed = Could not compare: { $reason }
notice-new-failed = Could not start the next issue: { $reason }
conflict-message = This issue was changed elsewhere (another window, or the file on disk): the changes here were not saved. Reload to go on editing.
conflict-reload = Reload

## versions, undo, conflicts
undo = Undo
undo-help = Take back your last change (a deletion, a move, a paste…); what others changed since stays. Works after a reload too.
versions-open = Versions
versions-heading = Versions
versions-summary = { $count } versions ({ $size } KB). Choose one to see what it changed; it can be restored.
version-number = Version { $n }
version-by-nobody = —
version-no-changes = This version changed no article.
version-is-current = This is the current content
version-restore = Restore version { $n }
via-start = First version
via-desk = Saved in the desk
via-word = Word file imported
via-restore = Restored version { $n }
via-undo = Undid version { $n }
via-outside = Changed outside the desk (a text editor…)
what-details = issue details
what-section-added = section added
what-section-removed = section removed
what-section-renamed = section renamed
what-added = added
what-removed = removed
what-moved = moved
what-retitled = new title
what-paragraphs = text changed
what-blocks = blocks changed
what-attribution = attribution changed
what-listed = contents listing changed
list-separator = , 
notice-undone = The changes of version { $n } were undone.
notice-undo-failed = Could not undo: { $reason }
notice-restored = Version { $n } restored.
notice-restore-failed = Could not restore: { $reason }
notice-versions-failed = Could not read the versions: { $reason }
conflicts-heading = { $count } place(s) were changed by someone else at the same time: everything else was merged and saved; these keep what is saved now, and you can take yours instead.
conflict-current = Saved now
conflict-mine = Your change
conflict-none = (deleted)
conflict-removed = Removed on one side, changed on the other: kept
conflict-take-mine = Take mine
conflicts-keep = Keep what is saved
presence-line = Also in this issue: { $people }
presence-in = { $name } (in “{ $title }”)
presence-other-tab = another window
presence-editing = { $name } is editing this article

## Login (the desk on the office network)

login-title = Sign in to the desk
login-name = Name
login-password = Password
login-submit = Sign in
login-missing = Fill in the name and the password.
login-failed = Wrong name or password.
login-throttled = Too many failed logins: try again in { $seconds } seconds.
signed-in-as = { $name } ({ $role })
logout = Sign out
role-editor = editor
role-proofreader = proofreader
role-chief = chief editor
version-pages = This version's pages
version-compare-heading = Version { $n } and the pages now
version-compare-identical = The pages of version { $n } are the same as now.
version-compare-summary = Against version { $n }, { $count } page(s) differ now:
notice-version-pages-failed = The pages of this version could not be typeset: { $reason }

## Review and sign-off

review-bar-label = Review and sign-off
review-state-draft = Draft
review-state-submitted = For review
review-state-approved = Approved
review-changed = Changed after approval
review-state-by = { $name }, { $at }
review-someone = another program
review-open-comments = { $n } comment(s)
review-submit = Hand in
review-approve = Approve
review-return = Send back
review-comment-on = Comment on paragraph { $n }
review-comment-placeholder = Write a comment or a correction…
review-comment-add = Add comment
review-mark-add = Mark an error
review-comments-heading = Comments and marks
review-comment = Comment
review-mark = Proofreader's mark
review-paragraph = Paragraph { $n }
review-outdated = text changed since
review-reply = Reply
review-reply-placeholder = Reply…
review-resolve = Resolve
review-resolved = Resolved ({ $name })
review-bar-open = Not signed off: { $unapproved } article(s) not approved, { $open } comment(s) open
review-bar-ready = Every article approved and every comment resolved: ready to sign off
review-bar-signed = Signed off by { $name }, { $at }. The print PDF can be exported.
review-bar-lapsed = Changed by { $name } after { $signer } signed it off: approve and sign off again
review-sign-off = Sign off
review-withdraw = Withdraw sign-off
notice-review-failed = The review step did not go through: { $reason }
review-trail = Review log ({ $n })
review-act-submitted = handed in “{ $title }”
review-act-approved = approved “{ $title }”
review-act-returned = sent back “{ $title }”
review-act-reopened = “{ $title }” changed after approval: for review again
review-act-renamed = “{ $from }” retitled “{ $to }”
review-act-commented = commented on paragraph { $n } of “{ $title }”
review-act-replied = replied to comment { $comment }
review-act-resolved = resolved comment { $comment }
review-act-signed_off = signed off
review-act-withdrawn = withdrew the sign-off
review-act-lapsed = changed the issue after its sign-off
review-start = Review and sign-off…
