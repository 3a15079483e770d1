# The desk server's words (bulletin serve): error messages and the notes on pasted text, in English.
# Same rules as desk.ftl: plain text and { $variable } only. Every key must be in zh-CN/server.ftl too.

## Errors (docs/desk-api.md §3)

error-bad_request = Bad request: { $detail }
error-bad_host = Only requests addressed to this computer are accepted.
error-bad_origin = The request came from another site and was refused.
error-not_found = Not found.
error-stale_page = This page image was replaced by a newer build.
error-method_not_allowed = Method not allowed.
error-stale_revision = This issue was changed elsewhere (another window or the file on disk). Reload to go on.
error-exists = Issue { $id } exists already.
error-too_large = The upload is too large (32 MB at most).
error-issue_too_large = Saving this would make issue.toml { $size } MB, more than the { $max } MB that the desk and bulletin check can open, so nothing was saved. Most of it is in “{ $article }” (section { $section }): shorten it or split it into several articles.
error-bad_content_type = Wrong content type.
error-invalid_document = The document does not have the expected shape (a program error): { $detail }
error-not_ready = { $errors } problem(s) remain: the issue cannot be exported.
error-import_failed = No article could be split from it.
error-unreadable = The desk cannot open this issue: { $detail } Correct issue.toml in a text editor first.
error-outside_project = This file lies outside the project folder and cannot be read or written.
error-cannot_start = The next issue cannot be started: { $detail }
error-internal = Internal error: { $detail }
error-nothing_to_undo = Nothing of yours is left to undo in this issue.

error-unauthenticated = Sign in first: this desk is open to signed-in accounts only.
error-bad_login = Wrong name or password.
error-too_many_attempts = Too many failed logins: try again in { $seconds } seconds.

error-forbidden_role = Your role cannot do this: only the { $roles } can.
error-article_draft = This article is still a draft: it has not been handed in.
error-article_submitted = This article is waiting for review already.
error-article_approved = This article is approved already.
error-comment_settled = This comment is settled already.
error-bad_comment = A comment needs some text, and at most { $max } characters.
error-not_ready_to_sign = Not ready to sign off: { $articles } article(s) not approved, { $open } comment(s) open.
error-not_signed_off = The print PDF is made only from an issue the chief has signed off. Ask for the sign-off (签发), or export the screen PDF.

## Notes on pasted text

paste-note-section-marker = The section marker “【{ $name }】” at the start was left out.
paste-note-no-attribution = No “来源：…” line: the compiler is “{ $compiler }”; fill in the source and the date.
paste-note-bad-attribution = “{ $line }” could not be read ({ $reason }): fill in source, compiler and date.
paste-note-compiler-assumed = No compiler named: “{ $compiler }” was filled in.
paste-note-after-attribution = Text after the “来源” line was left out: { $lines }
paste-note-no-paragraphs = Only a title was found, no text.
paste-note-title-like-paragraph = The first line is long, like a paragraph rather than a title: check it.

# Words put into other messages, in the reader's language: the roles, and what comes
# between the items of a list of them.
role-editor = editor
role-proofreader = proofreader
role-chief = chief editor
list-separator = { " or " }
