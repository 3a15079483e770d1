# bulletin 检查结果的中文措辞。每条消息的 id 与代码中的一致；`$name` 由代码填入。
# 与 en.ftl 保持同步：两个文件的 id 必须相同（有单元测试检查）。

## 框架

plain = { $text }
nothing-written = { $errors } 个错误，{ $warnings } 个警告：未写入任何文件
layout-failed = 版式无法排版（见上方 { $errors } 个错误）
message-in-file = { $message }（在 `{ $file }` 中）
hint-note = 提示：{ $hint }
list-and = { $init } 和 { $last }
none = 无

## 消息中对本期各部分的称呼

subject-issue = 本期
subject-publication = 刊物设置
subject-publication-key = 刊物设置的 `{ $key }`
subject-colophon = 版权信息
subject-address-line = 版权信息中的一行地址
subject-section = 第 { $number } 个栏目
subject-section-named = 第 { $number } 个栏目“{ $name }”
subject-name-of = { $table }的名称
subject-article = { $section }的第 { $number } 篇文章
subject-article-titled = 文章“{ $title }”（{ $section }第 { $number } 篇）
subject-title-of = { $article }的标题
subject-paragraph = { $article }的第 { $number } 段
subject-attribution = { $article }的来源行
subject-key-in = { $table }中的 { $key }
sections = 栏目
articles = 文章
paragraphs = 段落

## 读取文件

file-too-large = `{ $path }` 有 { $bytes } 字节，超过了输入文件允许的 { $max } 字节
hint-right-file = 是不是选错了文件？
not-a-file = `{ $path }` 不是文件
file-unreadable = 无法读取 `{ $path }`：{ $reason }
hint-check-path = 请确认文件存在、路径拼写正确
not-utf8 = `{ $path }` 不是 UTF-8 文本（第 { $line } 行有无效字节，位于第 { $byte } 字节）
hint-save-utf8 = 请将文件另存为 UTF-8 文本；二进制文件或 GBK 编码的文件无法读取
hint-save-export-utf8 = 请将导出的文本另存为 UTF-8；Word 文件请使用 .docx 扩展名

## TOML 以及期刊文件、刊物设置中的字段

too-deep = 此处括号嵌套超过 { $max } 层
hint-runaway-paste = 期刊文件只需要几层嵌套；请检查是否误粘贴了大段内容
toml-syntax = TOML 语法错误：{ $message }
hint-date-syntax = 日期写作 2023-08-04，不加引号，且必须是日历上存在的日期
hint-toml-syntax = 请参阅 README 中的数据格式：文字放在双引号中，每行一个“键 = 值”
unknown-key = { $table }中有未知的键 `{ $key }`
hint-did-you-mean = 是不是想写 `{ $key }`？
hint-allowed-keys = 此处允许的键为 { $keys }
missing-key = { $table }缺少 `{ $key }`
hint-add-line = 请添加一行，例如 `{ $key } = { $example }`
wrong-type = { $table }的 `{ $key }` 应为{ $expected }，而不是{ $found }
must-be-text = { $what }应为文字，而不是{ $found }
expected-text = 带引号的文字
expected-integer = 整数
expected-boolean = true 或 false
expected-date = 日期（例如 2023-08-04）
expected-list-of = { $what }的列表
expected-list-of-starting = { $what }的列表，每项以 `{ $example }` 开头
expected-paragraphs = 文字列表：["…", "…"]
expected-table-such-as = 表格，例如 { $example }
expected-colophon = 含地址、邮编和电话的 [colophon] 表
expected-address-lines = 地址行的列表
found-text = 文字
found-integer = 整数
found-float = 小数
found-boolean = true 或 false
found-date = 日期
found-list = 列表
found-table = 表格
hint-date-unquoted = 日期不加引号，例如 2023-08-04
hint-quote-text = 请把文字放在双引号中
hint-number-unquoted = 数字不加引号
hint-write-expected = 此处请填写{ $expected }
hint-quote-paragraph = 每段文字都放在双引号中
out-of-range = { $table }的 `{ $key }` 为 { $value }，超出了 { $min }..={ $max } 的范围
hint-number-between = 请填写 { $min } 到 { $max } 之间的数字
date-with-time = { $table }的 `{ $key }` 只能是日期，不能带时间
hint-date-only = 只写日期，例如 2023-08-04
not-a-calendar-day = { $table }的 `{ $key }` 不是日历上存在的日期：{ $date }
hint-check-month-day = 请检查月份和日期
has-none = { $table }没有{ $what }
hint-add-one = 请添加一个，以 `{ $example }` 一行开头
hint-one-paragraph = 方括号中至少要写一段文字
duplicate-title = { $article }与{ $first }重复
hint-same-title-line = 相同的标题在第 { $line } 行；请删除其中一篇
date-after-issue = { $attribution }的日期 { $date } 晚于本期日期 { $issue_date }
hint-check-attribution-date = 请检查来源行的日期，或本期的 `date`
text-empty = { $what }为空
hint-write-or-remove = 请填写文字，或删除这一项
text-too-long = { $what }有 { $chars } 个字符，超过了允许的 { $max } 个
hint-pasted-by-mistake = 请检查是否误粘贴了文字
text-control-character = { $what }含有不可见的控制字符 { $code_point }
hint-split-paragraph = 一段文字只能占一行：请拆成两段，或把两行合并
hint-delete-invisible = 请删除不可见字符 { $code_point }（{ $name }）
char-left-to-right-mark = 从左至右标记
char-right-to-left-mark = 从右至左标记
char-arabic-letter-mark = 阿拉伯字母标记
char-bidi-control = 双向文字控制符
char-tab = 制表符
char-line-break = 换行符
char-control = 控制字符
unknown-profile = 刊物设置中有未知的输出方案 `{ $profile }`
hint-profiles = 请写 `profile = "print"`（印刷厂用）或 `profile = "screen"`（网站和存档用）
unknown-pdfx-level = 刊物设置中有未知的 PDF/X 级别 `{ $level }`
hint-pdfx-levels = 请写 `pdfx = "4"`（PDF/X-4，默认）或 `pdfx = "1a"`（PDF/X-1a:2003）
address-line-not-text = 版权信息中的地址行应为文字
hint-quote-address = 每行地址都放在双引号中
publication-missing = 刊物设置文件 `{ $path }` 不存在
hint-publication-path = 路径相对于本期文件夹，通常为 "../publication.toml"
publication-outside = 刊物设置文件 `{ $path }` 位于项目文件夹之外
hint-inside-project = 数据中引用的文件必须在项目内（即包含 layouts/ 的文件夹）；请使用 "../publication.toml"
folder-year = 文件夹 `{ $folder }` 对应 { $year } 年，但本期写的是 `year = { $data_year }`
hint-rename-or-year = 请重命名文件夹，或更正 `year`
folder-month = 文件夹 `{ $folder }` 对应 { $month } 月，但本期日期为 { $date }
hint-rename-or-date = 请重命名文件夹，或更正 `date`
folder-issue = 文件夹 `{ $folder }` 对应 { $id }，但本期为 { $year } 年、日期 { $date }

## 一期所能容纳的内容（src/issue/limits.rs）

limit-articles = 篇文章
limit-blocks = 个段落、小标题、作者行、图片和表格
limit-chars = 个字符
long-paragraph = { $what }有 { $chars } 个字符：超过 { $warn } 个字符的段落多半是几段连在了一起
hint-long-paragraph = 请在每段结束处拆开，每段在 `paragraphs` 中单独写成一项；超过 { $max } 个字符的段落不予接受
hint-split-long-paragraph = 请在每段结束处拆开，每段在 `paragraphs` 中单独写成一项，并检查是否误粘贴了文字
too-many-articles = { $what }是本期第 { $count } 篇文章，超过了一期最多可容纳的 { $max } 篇
hint-too-many-articles = 一期通常有 30 到 45 篇文章：请检查是否有文章被重复粘贴或导入，其余文章留给以后各期
too-many-blocks = { $what }是本期正文的第 { $count } 项，超过了一期最多可容纳的 { $max } 个段落、小标题、作者行、图片和表格
hint-too-many-blocks = 一期通常约有 150 项：请检查是否把文字拆成了每行一段，或重复粘贴、导入了文字
too-much-text = 到{ $what }为止，本期文字超过了 { $max } 个字符，超出一期所能容纳的篇幅
hint-too-much-text = 一期通常约有 2 万字：请检查是否重复粘贴或导入了文字，其余内容留给以后各期
hint-rest-not-checked = 本期因此不予接受：此处之后的内容未经检查，也未排版

## 文章中段落以外的部件

subject-block = { $article }段落中第 { $number } 项的{ $kind }
subject-caption-of = { $block }的图题或表题
subject-credit-of = { $block }的来源说明
subject-cell = { $block }第 { $row } 行第 { $column } 格
block-subheading = 小标题
block-byline = 作者行
block-figure = 图
block-table = 表格
block-no-kind = { $what }是一个没有指明部件种类的表
block-kinds = { $what }同时写了 `{ $first }` 和 `{ $second }`：一个部件只能是一种
hint-block-kinds = 每项只写一种：{ "{" } subheading = "…" { "}" }、{ "{" } byline = "（作者：…）" { "}" }、{ "{" } figure = "chart.png", caption = "…" { "}" } 或 { "{" } table = "table.csv", caption = "…" { "}" }
expected-share = 数字，例如 0.6
width-out-of-range = { $what }的 `width` 为 { $value }，不是大于 0、不超过 1 的版心宽度比例
hint-width = 例如写 width = 0.6 表示版心宽度的五分之三；不写则占满版心宽度
expected-table-rows = 带引号的 CSV 文件名，或行的列表 [["…", "…"], ["…", "…"]]
row-not-list = { $what }的第 { $row } 行应为单元格列表，而不是{ $found }
cell-not-text = { $what }第 { $row } 行第 { $column } 格应为文字，而不是{ $found }
hint-table-rows = 行写作 [["地区", "增速"], ["东部地区", "13%"]]：第一行是表头，每格加引号
table-empty = { $what }没有表头行
hint-table-header = 第一行是表头：至少写这一行
table-ragged = { $what }的第 { $row } 行有 { $cells } 格，而表头有 { $header } 格
hint-table-ragged = 每行的格数应与表头相同；空格写作 ""
block-file-outside = { $what }的文件 `{ $path }` 在本期文件夹之外
hint-block-file-inside = 请把文件放在本期文件夹中（与 issue.toml 同一文件夹），并写出文件名，例如 "chart.png"
block-file-unreadable = 无法读取{ $what }的文件 `{ $path }`：{ $reason }
hint-block-file-path = 文件名相对于本期文件夹（issue.toml 所在处）：请确认文件在那里、文件名拼写正确
reason-not-a-file = 它不是文件
image-not-png-jpeg = { $what }的文件 `{ $path }` 不是 PNG 或 JPEG 图片
hint-image-format = 请把图片存为 PNG（图表、线条图）或 JPEG（照片）
image-damaged = { $what }的文件 `{ $path }` 是损坏的 { $format } 图片：{ $reason }
hint-image-damaged = 请用制作图片的程序重新保存
csv-not-utf8 = { $what }的文件 `{ $path }` 不是 UTF-8 文本（第 { $line } 行有无效字节）
hint-csv-utf8 = 请把表格存为 UTF-8 编码的 CSV（Excel 中：另存为“CSV UTF-8（逗号分隔）”）
csv-unreadable = { $what }的文件 `{ $path }` 无法按 CSV 读取：{ $reason }
image-low-resolution = { $what }的图片 `{ $path }` 印刷分辨率为 { $ppi } ppi（{ $width_px } × { $height_px } 像素，印成 { $width_mm } × { $height_mm } 毫米），低于 { $min } ppi
hint-image-resolution-error = 印出来会有马赛克：请提供像素更多的图片（此尺寸下 { $good } ppi 需宽 { $needed_px } 像素），或用 `width` 把图印小
hint-image-resolution-warning = 印出来可能发虚：印刷标准为 { $good } ppi（此尺寸下宽 { $needed_px } 像素）

## 排好的页面

missing-glyph = { $place }中的字符 { $char }（{ $code_point }）在所有字体中都没有
hint-missing-glyph = 请用 --font-path DIR 添加含有该字符的字体，或替换该字符；--allow-missing-glyphs 会把它印成空框
hint-missing-glyph-allowed = 它会印成空框；请用 --font-path DIR 添加含有该字符的字体
used-in-section-name = 第 { $number } 个栏目“{ $name }”的名称
used-article = 栏目“{ $section }”的文章“{ $title }”
used-in-title = { $article }的标题
used-in-paragraph = { $article }的第 { $number } 段
used-in-attribution = { $article }的来源行
used-in-publication = 刊物设置
used-in-layouts = 版式
unknown-font-family = 版式要求使用字体“{ $family }”，但没有任何字体文件夹提供它
hint-add-font = 请把它的字体文件放入 fonts/，或用 --font-path DIR 指定含有它的文件夹

## 导入导出的文本

unplaced-line = 这一行位于{ $where }，无法归入任何位置
where-after-contents = 目录之后
where-before-first-section = 第一个栏目标记之前
hint-move-or-delete = 请把它移入某篇文章；如果它不属于本期，请删除
attribution-without-article = 这一来源行前面没有文章
hint-article-shape = 一篇文章依次是：标题行、各段正文、来源行
long-title = 标题“{ $title }”占了 { $lines } 行
hint-title-ends = 以空格结尾的行结束标题：请检查是否把正文并入了标题
in-article = { $message }（文章“{ $title }”）
hint-attribution-export = 请写作：来源：《解放日报》 编选：《电子商务动态》编辑部 2023 年 08 月 04 日
import-no-paragraphs = 文章“{ $title }”没有正文
hint-title-then-attribution = 标题后面直接是来源行：请补上正文，或删除这篇文章
title-without-text = “{ $title }”位于应是标题的位置，但后面没有正文
hint-title-line = 标题行以空格结尾，后面接文章的正文
no-attribution-line = 文章“{ $title }”没有来源行
hint-end-with-attribution = 每篇文章都以来源行结尾，例如：来源：《电子商务动态》编辑部 2023 年 07 月 21 日
import-empty-section = 栏目【{ $name }】没有文章
hint-delete-marker = 请删除该栏目标记，或检查应跟在它后面的文章
attribution-no-date = 来源行末尾没有日期（例如 2023 年 08 月 04 日）
attribution-start = 来源行以“来源：”“编选：”“编辑：”“整理：”或“编译：”开头（简体繁体均可，冒号全角半角均可）
attribution-no-names = 来源行既没有写来源，也没有写编选
attribution-bad-date = 来源行的日期 { $date } 不是日历上存在的日期
colophon-differs = 版权信息中的{ $what }为“{ $export }”，而 issues/publication.toml 中为“{ $publication }”
colophon-address = 地址
colophon-postcode = 邮政编码
colophon-phone = 电话
hint-colophon-publication = 印出的是刊物设置中的内容：如果编辑部信息有变，请修改 publication.toml
unplaced-after-rule = 虚线之后的这一行无法归入任何位置
hint-after-rule = 虚线之后只有版权信息（编辑部地址、邮政编码、电话）和目录
contents-unknown-section = 目录中的栏目“{ $name }”在正文中不存在
hint-sections-are = 正文中的栏目为 { $names }
contents-other-section = 目录把“{ $title }”列在“{ $listed }”下，但文章位于“{ $actual }”
hint-article-stays = 文章保留在正文中的位置
contents-no-article = 目录条目“{ $title }”与任何文章标题都不符
hint-contents-entry = 目录决定哪些文章列入目录：请修改条目或标题，使二者一致
import-over-limit = 加上文章“{ $title }”，这个文件给出的内容超过了一期最多可容纳的 { $max } { $what }：未导入任何内容
hint-import-too-large = 请确认文件是否正确：一期通常有 30 到 45 篇文章、约 150 个段落、约 2 万字；大批材料请按期分批导入
import-paragraph-too-long = 文章“{ $title }”的第 { $number } 段有 { $chars } 个字符，超过了一段最多允许的 { $max } 个
hint-paragraph-lines-export = 以空格结尾的行表示一段结束：请检查各段最后一行是否以空格结尾

## 导入 Word 文件

in-file = { $file }：{ $message }
hint-save-docx = 请在 Word 中把文章另存为 .docx 文档
docx-not-zip = 不是 Word .docx 文件（不是 zip 容器：{ $reason }）
docx-part-unreadable = 无法读取 { $part }：{ $reason }
docx-no-document = 不是 Word .docx 文件（没有 word/document.xml）
docx-bad-xml = word/document.xml 不是格式正确的 XML：{ $reason }
docx-no-body = 文档没有正文
docx-picture-missing = 第 { $number } 段的图片不在文件中（是链接的图片吗？）
docx-picture-format = 第 { $number } 段的图片（{ $name }）不是 PNG 或 JPEG 图片
docx-picture-damaged = 第 { $number } 段的图片已损坏：{ $reason }
docx-a-picture = 一张图片
docx-a-table = 一个表格
hint-save-picture = 请把图片插入文档（不要用链接），并存为 PNG 或 JPEG
docx-no-title = 无法确定标题：没有段落使用标题样式，第一行也不是粗体
hint-docx-title = 请为标题设置标题样式（标题 1），或把第一行设为粗体
docx-before-title = 第 { $number } 段位于标题之前，无法归入任何位置：“{ $text }”
hint-move-below-title = 请删除它，或把它移到标题下方
docx-in-paragraph = 第 { $number } 段：{ $message }
hint-attribution-word = 请写作：来源：《解放日报》 2023年8月4日（由他人编选时，在日期前加“编选：…”）
docx-no-attribution = 文章“{ $title }”末尾没有“来源”行
hint-end-with-attribution-word = 请以来源行结束文章，例如：来源：《解放日报》 2023年8月4日
docx-no-paragraphs = 文章“{ $title }”标题下没有正文
docx-over-limit = 读到第 { $number } 段时，文档内容超过了一期最多可容纳的 { $max } { $what }：未导入任何内容
docx-paragraph-too-long = 第 { $number } 段有 { $chars } 个字符，超过了一段最多允许的 { $max } 个
hint-split-long-paragraph-word = 请在每段结束处拆开（在 Word 中按回车），并检查是否误粘贴了文字

## 项目之外的文件

file-outside-project = `{ $path }` 指向项目文件夹之外，不予读取
hint-inside-project-file = 请把本期的文件放在项目内（即包含 layouts/ 的文件夹），不要链接到别处

## bulletin init、bulletin doctor 与 --version

init-no-installed-copy = 未找到已安装的版式和字体（查找了 { $places }）：请安装 bulletin 软件包，或将 BULLETIN_SHARE_DIR 设为包含 layouts/ 和 fonts/ 的文件夹
init-bad-first = `{ $id }` 不是期号文件夹名：请写年份和月份，例如 2026-12
init-made = 已新建项目 { $root }（版式和字体复制自 { $from }）
init-first-issue = 第一期：{ $path }（{ $year }年第{ $number }期），请把其中的示例文章换成本期的文章
init-sample = 样刊：{ $path }（2023年8月号，供试用各项功能）
init-next = 下一步：cd { $root }，然后运行 `bulletin serve --open` 在浏览器中打开编辑台，或运行 `bulletin build { $issue }` 生成 PDF
doctor-no-project = `{ $dir }` 及其上级文件夹中没有项目（没有 layouts/main.typ）：请用 `bulletin init` 新建一个
doctor-program = 程序：bulletin { $version }（{ $path }）
doctor-installed = 已安装的副本：{ $dir }（{ $how }）
doctor-installed-none = 已安装的副本：未找到（查找了 { $places }）
doctor-found-package = 随软件包安装
doctor-found-variable = 由 BULLETIN_SHARE_DIR 指定
doctor-found-checkout = 编译本程序的代码库
doctor-project = 项目：{ $root }
doctor-made-by = 由 { $program } 于 { $date } 新建，版式和字体复制自 { $from }
doctor-checkout = bulletin 代码库的检出：版式和字体即代码库中的文件
doctor-no-record = 没有版式和字体来源的记录（缺少 bulletin-project.toml）
doctor-folder-alone = { $name }：{ $files } 个文件（没有已安装的副本可比较）
doctor-folder-is-installed = { $name }：{ $files } 个文件，本项目就是已安装的副本
doctor-folder-same = { $name }：{ $files } 个文件，与已安装的副本相同
doctor-folder-differs = { $name }：{ $files } 个文件，其中 { $count } 个与已安装的副本不同：
doctor-only-project = { "  " }{ $path }：仅本项目有
doctor-only-installed = { "  " }{ $path }：仅已安装的副本有（新增的，或本项目已删除）
doctor-changed-here = { "  " }{ $path }：本项目中改过{ $lines }
doctor-newer-installed = { "  " }{ $path }：已安装的副本更新{ $lines }
doctor-changed-both = { "  " }{ $path }：本项目和已安装的副本都改过{ $lines }
doctor-differs = { "  " }{ $path }：不同{ $lines }
doctor-lines = （仅本项目有的行 { $removed } 行，仅已安装的副本有的行 { $added } 行）
doctor-fonts-sums-match = 字体：每个字体都与 fonts/SHA256SUMS 一致
doctor-fonts-sums-differ = 字体：{ $names } 缺失或与 fonts/SHA256SUMS 不一致
doctor-fonts-no-sums = 字体：没有 fonts/SHA256SUMS 可核对
doctor-fonts-broken = 项目的字体与 fonts/SHA256SUMS 所列的不符：请从已安装的副本重新复制
doctor-profile = 色彩特性文件：{ $identifier }，{ $description }，内置于程序（sha256 { $sha }…）{ $against }
doctor-profile-same = ，与已安装副本中的相同
doctor-profile-differs = ，与已安装副本中的 { $path } 不同
doctor-newer-layouts = 已安装的副本中有 { $count } 个更新的文件。本项目仍用自己的副本排版，与以前相同；`bulletin doctor --diff` 显示改动，从 { $dir } 复制这些文件即可采用。
version-no-project = 项目：当前文件夹中没有（`bulletin init` 可新建一个）
desk-project = 编辑台：项目 { $dir }
desk-made-project = 编辑台：已新建项目 { $dir }（第一期在 issues/ 中）
desk-choose-project = 选择《电子商务动态》的项目文件夹，或选一个空文件夹新建项目
desk-choice-cancelled = 未选择项目文件夹：请再次启动编辑台进行选择

## bulletin check

check-ready = { $issue }：{ $sections } 个栏目，{ $articles } 篇文章，{ $pages } 页，{ $warnings } 个警告：可以付印
desk-already-running = 编辑台：本项目的编辑台已在 { $url } 运行，正在浏览器中打开

## bulletin build、new、render 与 serve

list-separator = ，
build-summary = { $path }（{ $pages } 页，{ $description }）
build-wrote = 已写入 { $built }
build-not-signed-off = 这期正在审稿，当前内容尚未签发（或签发后又有修改）：印刷版 PDF 已写出，但不应交付印厂；请主编签发
build-built-in = { $built }，用时 { $seconds } 秒
build-failed-below = { $issue } 未能生成（原因见下方）
build-print-profile = 印刷版，{ $level }
build-screen-profile = 屏幕版，PDF/A-2b，PDF/UA-1
build-bleed = 出血 { $bleed }
build-marks = 裁切线
build-blank-pages = 末页前加 { $count } 个空白页
new-wrote = 已写入 { $path }（{ $year }年第{ $number }期，依据 { $from }）
render-wrote = 已将 { $count } 页写入 { $dir }（{ $ppi } ppi）
desk-serving = 编辑台：正在 { $url } 提供服务；按 Ctrl-C 停止
desk-stopped = 编辑台：已停止
batch-summary = 共 { $total } 期，已生成 { $built } 期，用时 { $seconds } 秒（同时 { $jobs } 期）
batch-failed = ；{ $count } 期失败：

## bulletin watch

watch-watching = 正在监视 { $issue }（按 Ctrl-C 停止）
watch-changed = 有改动：{ $names }
watch-rebuilt = 重新生成，用时 { $time }：已写入 { $pdf }（{ $pages } 页，{ $profile }；{ $steps }）
watch-profile-print = 印刷版
watch-profile-screen = 屏幕版
watch-step-fonts = 字体 { $time }
watch-step-load = 读取 { $time }
watch-step-typeset = 排版 { $time }
watch-step-pdf = PDF { $time }
watch-step-write = 写入 { $time }
watch-step-images = { $count } 张页面图像 { $time }
watch-failed = 重新生成失败，用时 { $time }；{ $kept }
watch-kept = { $path } 保留上一次成功的结果
watch-nothing-written = 未写入任何文件

## bulletin preflight：报告的框架（各项问题的说明暂为英文）

preflight-title = 印前检查：{ $file }
preflight-title-rules = 印前检查：{ $file }（{ $rules }）
preflight-for = 用途 { $target }
preflight-multiple = 页数为 { $count } 的倍数
preflight-document = 文档
preflight-pages = 页面
preflight-fonts = 字体
preflight-images = 图像
preflight-requirements = { $level } 要求
preflight-findings = 发现的问题
preflight-pdf-version = PDF 版本
preflight-encrypted = 加密
preflight-made-by = 制作软件
preflight-page-count = 页数
preflight-k-only = 文字仅用黑版（K）
preflight-claimed = { $claim }（元数据中声明）
preflight-none-claimed = 未声明
preflight-no-page = 无
preflight-every-page = 全部页面
preflight-page = 第 { $number } 页
preflight-pages-list = 第 { $numbers } 页
preflight-yes = 是
preflight-no = 否
preflight-col-page = 页
preflight-col-size = 成品尺寸（mm）
preflight-col-colour-spaces = 色彩空间
preflight-col-inks = 油墨
preflight-col-text = 文字
preflight-col-name = 名称
preflight-col-type = 类型
preflight-col-embedded = 嵌入
preflight-col-subset = 子集
preflight-col-first-page = 首见页
preflight-col-image = 图像
preflight-col-pixels = 像素
preflight-col-on-page = 页面上尺寸（mm）
preflight-col-colour-space = 色彩空间
preflight-col-requirement = 要求
preflight-col-result = 结果
preflight-mask = 蒙版
preflight-text-k-only = 仅黑版（K）
preflight-error = 错误
preflight-warning = 警告
preflight-result = 结果：{ $errors } 个错误，{ $warnings } 个警告：{ $verdict }
preflight-ready-screen = 可用于网站和存档
preflight-not-ready-screen = 尚不能用于网站和存档
preflight-ready-pdfx = 可以付印，所查的 PDF/X 要求全部符合
preflight-ready = 可以付印
preflight-would-stop = 印刷将无法进行
preflight-failed = 印前检查发现 { $errors } 个会使印刷无法进行的错误
outcome-met = 符合：{ $detail }
outcome-failed = 不符合：{ $detail }
outcome-warning = 警告：{ $detail }
outcome-not-applicable = 不适用：{ $detail }
pdfx-rule-version = PDF 版本不高于 { $max }
pdfx-rule-file-id = 文件标识（trailer 中的 ID）
pdfx-rule-encryption = 未加密
pdfx-rule-output-intent = 一个 GTS_PDFX 输出意图，带 CMYK 输出特性文件
pdfx-rule-info = 文档信息：Title、CreationDate、ModDate、Trapped、GTS_PDFXVersion
pdfx-rule-xmp = XMP 元数据：标识、ID、版本类别，与文档信息一致
pdfx-rule-boxes = 每页有 TrimBox；TrimBox ⊆ BleedBox ⊆ MediaBox
pdfx-rule-annotations = 出血框内没有注释
pdfx-rule-colour-x1a = 颜色：只用 CMYK、灰度和专色（不用 RGB、ICC 或 Lab）
pdfx-rule-colour-x4 = 颜色：CMYK 输出意图下不用设备 RGB
pdfx-rule-transparency = 没有透明（软蒙版、不透明度、混合模式、透明组）
pdfx-rule-actions = 没有 JavaScript，除文档内跳转外没有其他动作
pdfx-rule-transfer-functions = 没有传递函数（TR，以及 Default 以外的 TR2）
pdfx-rule-postscript-opi = 没有 PostScript XObject、替代图像或 OPI
pdfx-rule-fonts = 所有字体均已嵌入
pdfx-rule-file-structure = PDF 1.4 结构：没有对象流或交叉引用流，没有可选内容
pdfx-rule-composite = 复合页面，不是分色页
pdfx-rule-halftones = 网屏只用类型 1 或 5，不用命名网屏，没有网屏相位
pdfx-rule-compression-x1a = 不用 LZW、JBIG2 或 JPEG 2000 压缩
pdfx-rule-compression-x4 = 不用 LZW 压缩
pdfx-rule-external-content = 没有嵌入文件、文件说明或引用 XObject
pdfx-rule-optional-content = 可选内容（图层）：每个配置都有名称，不设 AS
pdfx-rule-black-overprint = 黑色叠印（Ghent Workgroup 惯例）

## bulletin history
history-summary = { $issue }：共 { $count } 个版本（保存在 .history/ 中，{ $size } KB）
history-none = { $issue } 还没有版本记录：编辑台第一次打开它或使用 `bulletin history --restore` 时开始记录。
history-damaged = 版本文件中有 { $count } 行已损坏，已跳过
history-no-version = 没有第 { $n } 版：用 `bulletin history 期号文件夹` 查看全部版本
history-same = 期刊文件已经是第 { $n } 版，无需恢复
history-restored = 已恢复第 { $n } 版：它重新成为期刊文件，记为第 { $new } 版
history-via-start = 初始版本
history-via-desk = 编辑台
history-via-word = Word 文件
history-via-restore = 恢复第 { $n } 版
history-via-undo = 撤销第 { $n } 版
history-via-outside = 编辑台外的修改
history-what-details = 期号信息
history-what-section-added = 新增栏目
history-what-section-removed = 删除栏目
history-what-section-renamed = 栏目改名
history-what-added = 新增
history-what-removed = 删除
history-what-moved = 移动
history-what-retitled = 改标题
history-what-paragraphs = 改正文
history-what-blocks = 改图表
history-what-attribution = 改来源
history-what-listed = 改目录收录

## bulletin users，以及编辑台的账户

users-no-project = `{ $dir }` 及其上级文件夹中没有项目（没有 layouts/main.typ）：请用 --root 指明项目
users-unknown = 没有名为“{ $name }”的账户（`bulletin users list` 列出全部账户）
users-exists = 账户“{ $name }”已经存在（`bulletin users passwd { $name }` 可修改其密码）
users-bad-name = “{ $name }”不能作账户名：请用 1 到 64 个字符，不含空格
users-empty-password = 密码为空：未作任何修改
users-short-password = 密码太短：至少要 { $min } 个字符
users-long-password = 密码太长：最多 { $max } 个字节
users-passwords-differ = 两次输入的密码不同：未作任何修改
users-unreadable = 无法读取账户文件 { $file }：{ $detail }
users-no-input = 标准输入中没有密码
users-password-prompt = { $name } 的密码：
users-password-again = 再输入一次：
users-added = 已在 { $file } 中添加账户 { $name }（{ $role }）
users-removed = 已删除账户 { $name }；正在运行的编辑台上它的登录随即失效
users-password-changed = 已修改 { $name } 的密码；正在运行的编辑台上它的登录随即失效
users-none = 还没有账户：`bulletin users add 用户名 --role editor` 可添加一个
users-col-name = 用户名
users-col-role = 角色
users-col-created = 创建时间
desk-no-accounts = 要在本机以外（或用 --require-login）提供编辑台，须有账户，而 { $file } 中没有：请用 `bulletin users add 用户名 --role editor` 添加
desk-login-note = 编辑台：在 { $ip } 的 { $port } 端口监听：只有用 `bulletin users` 的账户登录的人才能使用
desk-plain-http-warning = 警告：密码和页面以明文经过网络：请加 --tls-cert 和 --tls-key，或放在支持 HTTPS 的反向代理之后

## The command line's failures (bulletin build, import, new, init; the project and its folders)

build-one-output = -o 只能指定一期的 PDF；多期请用 --out-dir 指定文件夹
out-dir-not-folder = --out-dir `{ $dir }` 不是文件夹
out-dir-missing = --out-dir `{ $dir }` 不存在：请先创建，或另选文件夹
print-only-option = { $options } 只用于印刷版，而本次生成的是屏幕版：请去掉，或加上 --profile print
print-only-options = { $options } 只用于印刷版，而本次生成的是屏幕版：请去掉，或加上 --profile print
pad-count = 要求在 { $pages } 页之后补 { $blank } 个空白页，版式却排出了 { $count } 页：请检查 layouts/main.typ 是否仍在版权页之后加上 `blank-pages` 页
batch-crashed = bulletin 处理这一期时崩溃（信息见上方）；请连同期号文件夹一起报告
targets-nothing = `{ $path }` 中既没有 issue.toml，也没有期号文件夹：请给出期号文件夹（如 issues/2023-08），或存放它们的文件夹（如 issues/）
no-issue-folder = 没有期号文件夹 `{ $dir }`：请检查路径（例如 issues/2023-08）
issue-folder-is-file = `{ $path }` 是文件，不是期号文件夹：请给出存放 issue.toml 的文件夹
project-folder-unreadable = 无法打开项目文件夹 `{ $dir }`
project-no-layouts = `{ $dir }` 中没有 layouts/main.typ
project-not-found = `{ $dir }` 及其上级文件夹中都没有 layouts/main.typ：请用 --root 指定 bulletin 项目文件夹
cannot-write-not-a-folder = 无法写入 `{ $path }`：`{ $dir }` 不是文件夹
cannot-write-no-folder = 无法写入 `{ $path }`：文件夹 `{ $dir }` 不存在；请先创建，或用 -o 另选位置
new-exists = `{ $path }` 已存在：未写入任何文件
new-issues-unreadable = 无法读取期刊文件夹 `{ $dir }`
new-no-latest = `{ $dir }` 中没有可作为起点的期号文件夹（如 2023-08）
new-latest-unclean = 最新一期 `{ $dir }` 须先通过检查
issue-name-invalid = `{ $id }` 不是期号：请写年份和月份，如 2023-09
new-wrong-year = 期号 { $id } 将落在 { $year } 年，但 { $latest } 之后的一期是 { $next } 年第{ $number }期
import-old-word = `{ $file }` 是旧版 Word 文件：请先另存为 .docx 文档
import-mixed = 请只给文本导出文件或只给 .docx 文件，不要混用：文本导出是一整期，.docx 文件是加入某一栏目的文章
import-section-for-word = --section 只用于 .docx 文件：文本导出用【…】标记栏目
import-has-articles = `{ $file }` 中已有 { $count } 篇文章：未写入任何文件。加上 --force 可用导入内容替换（保留文件的日期、期号和刊物信息，标题或段落相同之处也保留原有间距）
import-not-issue-file = `{ $file }` 已存在且不是期刊文件：未写入任何文件；加上 --force 可替换它
import-no-sections = 文本中没有【行业资讯】这样的栏目标记：没有可导入的内容
import-section-required = 导入 .docx 文件须用 --section 指定文章所属栏目，例如 --section 行业资讯
import-not-toml = `{ $file }` 不是期刊文件（不是 TOML）：请对它运行 `bulletin check`
import-no-such-section = 最新一期没有栏目“{ $section }”；它的栏目是 { $sections }：请用 --section 指定其中之一，或用 `bulletin new` 开始新一期并编辑栏目
init-taken = `{ $dir }` 中已有 { $taken }：只能在 layouts/、fonts/、issues/ 和 { $record } 都不存在的地方创建项目；请选择空文件夹。未写入任何文件
init-inside-installed = `{ $dir }` 位于已安装的副本 `{ $installed }` 之内：请在自己的文件夹中创建项目
init-sample-month = 示例期 { $name } 与第一期同月：请去掉 --sample，或把示例复制到单独的项目中

## Files and folders, as failures name them

read-failed = 无法读取 `{ $path }`
path-unopenable = 无法打开 `{ $path }`
file-unwritable = 无法写入 `{ $path }`
folder-uncreatable = 无法创建文件夹 `{ $dir }`
current-folder-unreadable = 无法读取当前文件夹

## bulletin history, watch, diff and preflight: their failures

history-version-missing = 没有第 { $n } 版
history-version-unrebuildable = 第 { $n } 版无法还原：缺少第 { $base } 版
history-version-no-content = 第 { $n } 版已损坏：既没有全文，也没有改动
history-version-change-unfit = 第 { $n } 版已损坏：其改动无法套用
history-version-wrong-text = 第 { $n } 版已损坏：其全文与记录不符
history-version-named = 第 { $n } 版
watch-setup-failed = 无法设置文件监视
watch-folder-failed = 无法监视 `{ $dir }`
watch-stopped = 文件监视已停止
diff-folder-without-issue = `{ $path }` 是文件夹，但其中没有 issue.toml
diff-neither = `{ $path }` 既不是期号文件夹，也不是 PDF 文件
pdf-unreadable = 无法读取该 PDF（{ $detail }）
page-too-large = 第 { $page } 页太大，无法以 { $ppi } ppi 渲染
preflight-uninspectable = 无法检查 `{ $path }`
preflight-not-pdf = 它不是 PDF 文件（开头不是 %PDF-）
preflight-unreadable-pdf = 它不是可读取的 PDF

## bulletin serve: the desk's start

tls-certificate-unreadable = 无法读取证书 `{ $path }`
tls-no-certificate = `{ $path }` 中没有证书（PEM，BEGIN CERTIFICATE）
tls-key-unreadable = 无法读取私钥 `{ $path }`
tls-no-protocol = TLS 库不提供任何协议版本
tls-key-mismatch = `{ $key }` 不是 `{ $certificate }` 的私钥
tls-start-failed = 无法启动 TLS 服务
desk-reports-folder-failed = 无法为报告创建临时文件夹
desk-threads-failed = 无法启动服务器的线程
desk-cannot-listen = 无法在 { $ip } 的 { $port } 端口监听
desk-server-failed = 服务器出错
desk-bad-url = `{ $url }` 不是 https://desk.example.org 这样的地址
desk-bad-url-path = `{ $url }` 不是 https://desk.example.org 这样的地址（不能带路径）
desk-bad-issue-name = `{ $id }` 不是编辑台可以打开的名称：只能使用字母、数字和 -

## More failures to read, write and make files and folders

write-into-failed = 无法写入文件夹 `{ $dir }`
cannot-write-into = 不能写入文件夹 `{ $dir }`
folder-unmakeable = 无法建立文件夹 `{ $dir }`
make-failed = 无法建立 `{ $dir }`
create-failed = 无法创建 `{ $path }`
permissions-failed = 无法设置 `{ $path }` 的权限
folder-unreadable = 无法读取文件夹 `{ $dir }`
folder-unlistable = 无法列出 `{ $dir }` 的内容
remove-failed = 无法删除 `{ $path }`
folder-unopenable = 无法打开文件夹 `{ $dir }`
issue-folder-unopenable = 无法打开期号文件夹 `{ $dir }`
init-copy-failed = 无法把 `{ $path }` 复制到新项目中
manual-write-failed = 无法把手册页写入 `{ $dir }`
import-check-failed = 无法在 `{ $dir }` 中检查结果
cannot-open = 无法打开 `{ $path }`
cannot-read = 无法读取 `{ $path }`
write-in-failed = 无法在 `{ $dir }` 中写入
lock-failed = 无法锁定 `{ $path }`
open-link-failed = 无法打开 `{ $path }`（它是链接吗？）
password-stdin-unreadable = 无法从标准输入读取密码
no-home-for-project = 没有主文件夹，无法在其中建立编辑台的项目
no-home-to-remember = 没有主文件夹，无法记住编辑台的项目
fonts-copy-failed = 无法为字体建立私有副本
build-thread-failed = 无法启动排版线程
save-not-toml = 期刊文件不是有效的 TOML：请对它运行 `bulletin check`
