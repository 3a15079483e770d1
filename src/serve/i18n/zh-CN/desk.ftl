# 编辑台（bulletin serve）的界面文字：简体中文，默认语言。
# 规则（docs/desk-api.md §4）：只用纯文字和 { $变量 }，不用选择表达式、函数或消息引用。
# 每个键在 en/desk.ftl 中都要有对应的一条。

## 总体

app-title = 编辑台
loading = 正在载入…
skip-to-form = 跳到编辑表单
language-label = 语言
cancel = 取消
close = 关闭
notice-close = 关闭提示
form-heading = 本期内容
pages-heading = 页面预览

## 期

issue-heading = 本期信息
issue-name = { $year }年第{ $number }期
issue-running = 总第{ $running }期
field-year = 年份
field-number = 期号
field-running-number = 总期号（可不填）
field-date = 出版日期
field-publication = 刊物设置

## 保存状态

save-saved = 已保存
save-saving = 保存中…
save-not-ready = 未就绪：{ $count }个问题
save-not-ready-help = 已保存。但还有问题未解决，解决之前不能导出PDF。点击查看问题清单。
save-conflict = 有冲突，未保存
save-offline = 连接中断
problems-toggle = 显示或隐藏问题清单
build-running = 正在排版…
build-time = 排版用时{ $ms }毫秒
build-failed = 排版未完成，页面为上一版

## 栏目

section-number = 第{ $n }栏
section-unnamed = （未命名栏目）
field-section-name = 栏目名称
section-add = 添加栏目
section-move-up = 栏目上移
section-move-down = 栏目下移
section-delete = 删除栏目
section-delete-not-empty = 栏目中还有文章，不能删除（请先移走或删除文章）
section-expand = 展开栏目
section-collapse = 收起栏目
section-article-count = { $count }篇

## 文章

article-number = 第{ $n }篇
article-untitled = （无标题）
article-add = 添加文章
article-paste = 粘贴文章
article-move-up = 上移（移到上一栏目末尾）
article-move-down = 下移（移到下一栏目开头）
article-move-to = 移至栏目…
article-locate = 在页面中定位
article-delete = 删除文章
article-drag = 拖动可调整顺序
confirm-delete-article = 确定删除文章“{ $title }”吗？
badge-listed = 目录
badge-problems = { $count }个问题
announce-moved = 已移至“{ $section }”第{ $position }篇
announce-deleted = 已删除“{ $title }”
docx-drop-hint = 可将Word文件（.docx）拖到此栏目，每个文件添加为一篇文章

field-title = 标题
field-listed = 列入目录
field-paragraphs = 正文段落
paragraphs-help = 每段一个文本框。回车另起一段；在段首按退格键与上一段合并；粘贴多段文字会自动分段。
paragraph-label = 第{ $n }段
paragraph-add = 添加段落
paragraph-delete = 删除第{ $n }段
field-attribution = 来源与编选
field-source = 来源
field-source-placeholder = 如：《解放日报》（本刊原创可不填）
field-compiler = 编选
field-attribution-date = 日期

block-subheading = 小标题
block-byline = 署名
block-figure = 图片
block-table = 表格
block-unknown = 其他内容
block-read-only = 暂不能在此编辑

## 页面

pages-count = 共{ $count }页
pages-follow = 随光标定位
pages-one = 第{ $page }页
pages-range = 第{ $first }–{ $last }页
page-alt = 第{ $n }页
page-caption = 第{ $n }页
page-title-link = 转到文章：{ $title }
zoom-in = 放大
zoom-out = 缩小
zoom-fit = 适合宽度

## 版面计算（页数）

copyfit-heading = 版面计算
copyfit-summary = 页数 { $pages } · 距{ $multiple }的倍数还差{ $missing }页（约可再容纳{ $room }页内容）
copyfit-summary-exact = 页数 { $pages } · 正好是{ $multiple }的倍数（最后一页还可容纳约{ $room }页）
copyfit-summary-full = 页数 { $pages } · 正好是{ $multiple }的倍数（最后一页已排满）
copyfit-blank-page = 第{ $n }页（空白，补足页数）
copyfit-details = 各篇所在页
copyfit-col-article = 文章
copyfit-col-pages = 所在页
copyfit-col-lines = 行数
copyfit-lines = { $lines }行

## 问题

problems-heading = 问题清单
problems-none = 没有发现问题。
severity-error = 错误：
severity-warning = 提醒：
location-layout = 版式

## 导出与比较

export-group = 导出
export-print = 导出印刷版PDF
export-screen = 导出网络版PDF
export-disabled-errors = 还有问题未解决，不能导出
export-disabled-saving = 请稍候，正在保存和排版
export-kind-print = 印刷版PDF
export-kind-screen = 网络版PDF
exports-heading = 已导出的文件
export-meta = { $pages }页 · { $size } MB · { $when }
export-download = 下载
compare-open = 与上次导出比较
compare-heading = 与上次导出的印刷版比较
compare-identical = 与上次导出的印刷版完全相同。
compare-summary = 与上次导出的印刷版（{ $pages }页）相比，有{ $count }页不同：
compare-changed = 有改动
compare-added = 新增页
compare-removed = 已删除
compare-no-export = 还没有导出过印刷版PDF，无从比较。

## 粘贴文章

paste-heading = 粘贴文章到“{ $section }”
paste-help = 从网页或Word复制整篇文章（标题、正文和“来源：…”一行），粘贴到下面，再点“拆分”。
paste-label = 文章全文
paste-split = 拆分
paste-add = 添加到“{ $section }”
paste-paragraph-count = 共{ $count }段

## 往期

archive-open = 往期
archive-heading = 往期一览
archive-col-issue = 期
archive-col-date = 日期
archive-col-pages = 页数
archive-col-state = 状态
archive-col-open = 打开
archive-open-button = 打开
archive-open-issue = 打开{ $name }
archive-ready = 可以导出
archive-not-ready = 有问题
archive-new = 开始下一期：{ $name }
archive-new-none = 下一期已经建立

## 提示

notice-saved-elsewhere = 另一个窗口保存了修改，已更新为最新内容。
notice-reloaded-disk = 文件已在磁盘上修改，已重新载入。
notice-reloaded = 已重新载入最新保存的内容。
notice-disk-changed-unsaved = 文件已在别处修改，而这里还有未保存的修改。请重新载入。
notice-save-failed = 保存失败：{ $reason }。稍后将自动重试。
notice-load-failed = 无法载入：{ $reason }
notice-not-placed = 这篇文章还没有排入页面。
notice-article-added = 已添加文章“{ $title }”。
notice-docx-only = 只能拖入Word文件（.docx）。
notice-docx-added = 已从“{ $name }”添加一篇文章。
notice-docx-failed = 无法导入“{ $name }”：{ $reason }
notice-exported = { $kind }已导出（{ $pages }页），正在下载。
notice-export-failed = 导出失败：{ $reason }
notice-compare-failed = 无法比较：{ $reason }
notice-new-failed = 无法建立下一期：{ $reason }
conflict-message = 这期内容已在别处修改（另一个窗口或磁盘上的文件），这里的修改没有保存。请重新载入后再编辑。
conflict-reload = 重新载入

## versions, undo, conflicts
undo = 撤销
undo-help = 撤销您最近的一次修改（删除、移动、粘贴等），别人随后的修改保留。重新载入后也能撤销。
versions-open = 版本
versions-heading = 历史版本
versions-summary = 共 { $count } 个版本（占用 { $size } KB）。选择一个版本查看它改了什么，可以恢复。
version-number = 第 { $n } 版
version-by-nobody = —
version-no-changes = 这一版没有改动文章。
version-is-current = 这就是当前内容
version-restore = 恢复第 { $n } 版
via-start = 初始版本
via-desk = 编辑台保存
via-word = 导入 Word 文件
via-restore = 恢复第 { $n } 版
via-undo = 撤销第 { $n } 版
via-outside = 编辑台外的修改（文本编辑器等）
what-details = 期号信息
what-section-added = 新增栏目
what-section-removed = 删除栏目
what-section-renamed = 栏目改名
what-added = 新增
what-removed = 删除
what-moved = 移动
what-retitled = 改标题
what-paragraphs = 改正文
what-blocks = 改图表
what-attribution = 改来源
what-listed = 改目录收录
list-separator = 、
notice-undone = 已撤销第 { $n } 版的修改。
notice-undo-failed = 无法撤销：{ $reason }
notice-restored = 已恢复第 { $n } 版。
notice-restore-failed = 无法恢复：{ $reason }
notice-versions-failed = 无法读取历史版本：{ $reason }
conflicts-heading = 有 { $count } 处别人同时修改了同一内容：其余修改已合并保存；下面这些保留了当前保存的内容，如需要可改用您的。
conflict-current = 当前保存的内容
conflict-mine = 您的修改
conflict-none = （已删除）
conflict-removed = 文章被一方删除、另一方修改：已保留
conflict-take-mine = 改用我的
conflicts-keep = 保留当前内容
presence-line = 也在编辑这期：{ $people }
presence-in = { $name }（在《{ $title }》）
presence-other-tab = 另一个窗口
presence-editing = { $name }正在编辑这篇文章

## 登录（局域网上的编辑台）

login-title = 登录编辑台
login-name = 用户名
login-password = 密码
login-submit = 登录
login-missing = 请填写用户名和密码。
login-failed = 用户名或密码不对。
login-throttled = 登录失败次数太多，请 { $seconds } 秒后再试。
signed-in-as = { $name }（{ $role }）
logout = 退出登录
role-editor = 编辑
role-proofreader = 校对
role-chief = 主编
version-pages = 这一版的页面
version-compare-heading = 第 { $n } 版与现在的页面
version-compare-identical = 第 { $n } 版的页面与现在完全相同。
version-compare-summary = 与第 { $n } 版相比，现在有{ $count }页不同：
notice-version-pages-failed = 无法排出这一版的页面：{ $reason }

## Review and sign-off (三审三校)

review-bar-label = 审稿与签发
review-state-draft = 草稿
review-state-submitted = 待审
review-state-approved = 已审
review-changed = 审后改动，待重审
review-state-by = { $name }，{ $at }
review-someone = 其他程序
review-open-comments = 批注 { $n }
review-submit = 送审
review-approve = 审定
review-return = 退回
review-comment-on = 给第 { $n } 段写批注
review-comment-placeholder = 写下批注或校对意见…
review-comment-add = 添加批注
review-mark-add = 标记错误
review-comments-heading = 批注与校对标记
review-comment = 批注
review-mark = 校对标记
review-paragraph = 第 { $n } 段
review-outdated = 原文已改
review-reply = 回复
review-reply-placeholder = 回复…
review-resolve = 解决
review-resolved = 已解决（{ $name }）
review-bar-open = 未签发：{ $unapproved } 篇稿件未审定，{ $open } 条批注未解决
review-bar-ready = 全部稿件已审定，批注已解决，可以签发
review-bar-signed = 已签发：{ $name }，{ $at }。可以导出印刷版 PDF。
review-bar-lapsed = { $signer } 签发后，{ $name } 又修改了这期：需重新审定并签发
review-sign-off = 签发
review-withdraw = 撤回签发
notice-review-failed = 审稿操作未完成：{ $reason }
review-trail = 审稿记录（{ $n }）
review-act-submitted = 送审《{ $title }》
review-act-approved = 审定《{ $title }》
review-act-returned = 退回《{ $title }》
review-act-reopened = 《{ $title }》审后改动，重新待审
review-act-renamed = 《{ $from }》改题为《{ $to }》
review-act-commented = 在《{ $title }》第 { $n } 段写了批注
review-act-replied = 回复了批注 { $comment }
review-act-resolved = 解决了批注 { $comment }
review-act-signed_off = 签发
review-act-withdrawn = 撤回签发
review-act-lapsed = 签发后修改了这期
review-start = 审稿与签发…
