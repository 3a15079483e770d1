# 编辑台服务器的文字（bulletin serve）：错误信息和粘贴拆分的说明，简体中文。
# 规则同 desk.ftl：只用纯文字和 { $变量 }。每个键在 en/server.ftl 中都要有对应的一条。

## 错误（docs/desk-api.md §3）

error-bad_request = 请求有误：{ $detail }
error-bad_host = 只接受发给本机地址的请求。
error-bad_origin = 请求来自其他网站，已拒绝。
error-not_found = 找不到所要的内容。
error-stale_page = 这一页已被新的排版结果取代。
error-method_not_allowed = 不支持这种请求。
error-stale_revision = 这期内容已在别处修改（另一个窗口或磁盘上的文件）。请重新载入后再编辑。
error-exists = { $id }这一期已经存在。
error-too_large = 上传的内容太大（最多32 MB）。
error-issue_too_large = 保存后 issue.toml 将有 { $size } MB，超过编辑台和 bulletin check 能打开的 { $max } MB，因此没有保存。其中大部分在【{ $section }】的《{ $article }》：请删减，或拆成几篇文章。
error-bad_content_type = 请求的内容类型不对。
error-invalid_document = 文档结构不对（程序错误）：{ $detail }
error-not_ready = 还有{ $errors }个问题未解决，不能导出。
error-import_failed = 无法从中拆分出文章。
error-unreadable = 无法在编辑台中打开这一期：{ $detail }请先用文本编辑器修改 issue.toml。
error-outside_project = 这个文件在项目文件夹之外，不能读写。
error-cannot_start = 无法建立下一期：{ $detail }
error-internal = 服务器出错：{ $detail }
error-nothing_to_undo = 这期里已没有您可以撤销的修改。

error-unauthenticated = 请先登录：本编辑台只对已登录的账户开放。
error-bad_login = 用户名或密码不对。
error-too_many_attempts = 登录失败次数太多：请 { $seconds } 秒后再试。

error-forbidden_role = 您的角色不能做这件事，只有{ $roles }可以。
error-article_draft = 这篇稿件还是草稿，尚未送审。
error-article_submitted = 这篇稿件已在待审。
error-article_approved = 这篇稿件已审定。
error-comment_settled = 这条批注已解决。
error-bad_comment = 批注不能为空，最多 { $max } 个字。
error-not_ready_to_sign = 还不能签发：{ $articles } 篇稿件未审定，{ $open } 条批注未解决。
error-not_signed_off = 印刷版 PDF 只能从主编已签发的这期导出。请先请主编签发，或导出屏幕版 PDF。

## 粘贴拆分的说明

paste-note-section-marker = 开头的栏目标记“【{ $name }】”已略去。
paste-note-no-attribution = 没有找到“来源：…”一行，编选已填写“{ $compiler }”，请补上来源和日期。
paste-note-bad-attribution = “{ $line }”无法识别（{ $reason }），请填写来源、编选和日期。
paste-note-compiler-assumed = 没有找到编选者，已填写“{ $compiler }”。
paste-note-after-attribution = “来源”一行之后的文字已略去：{ $lines }
paste-note-no-paragraphs = 只找到标题，没有正文。
paste-note-title-like-paragraph = 第一行较长，像是正文而不是标题，请检查。

# Words put into other messages, in the reader's language: the roles, and what comes
# between the items of a list of them.
role-editor = 编辑
role-proofreader = 校对
role-chief = 主编
list-separator = 、
