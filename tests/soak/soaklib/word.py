"""Word files made here for the hostile-file scenario: an ordinary article (with a
picture, or with tens of thousands of paragraphs) and a zip bomb."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (f'xmlns:w="{W}" xmlns:r="{R}" '
              'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')
STYLES = (f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}">'
          '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
          '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style></w:styles>')
PICTURE = ('<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic><pic:blipFill>'
           '<a:blip r:embed="rId9"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
           '</wp:inline></w:drawing></w:r></w:p>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{R}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId9" Type="{R}/image" Target="media/image1.png"/>'
        '</Relationships>')


def paragraph(text: str, heading: bool = False) -> str:
    style = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' if heading else ""
    return f'<w:p>{style}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def document(body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:document {NAMESPACES}>'
            f'<w:body>{body}<w:sectPr/></w:body></w:document>')


def article(title: str, paragraphs: list[str], source: str, png: bytes | None = None) -> bytes:
    """A .docx: `title` as a heading, the paragraphs, the picture `png` after the first one,
    and the `来源：… 日期` line."""
    body = [paragraph(title, heading=True)]
    for i, text in enumerate(paragraphs):
        body.append(paragraph(text))
        if i == 0 and png is not None:
            body.append(PICTURE)
            body.append(paragraph("图1 示意图"))
    body.append(paragraph(source))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", document("".join(body)))
        z.writestr("word/styles.xml", STYLES)
        if png is not None:
            z.writestr("word/_rels/document.xml.rels", RELS)
            z.writestr("word/media/image1.png", png)
    return buf.getvalue()


def long_article(count: int) -> bytes:
    """An article of `count` paragraphs."""
    paragraphs = [f"第{i}段：网络零售市场规模总体呈现稳步增长态势。" for i in range(count)]
    return article("数万段的文章", paragraphs, "来源：《测试日报》 2023年8月3日")


def bomb(mib: int) -> bytes:
    """A .docx whose document.xml inflates to about `mib` MiB (spaces between two of its
    elements: valid XML, about a thousandth of that compressed)."""
    head = document(paragraph("压缩炸弹", heading=True)).split("<w:sectPr/>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("word/document.xml", "w", force_zip64=mib >= 2048) as f:
            f.write(head[0].encode())
            chunk = b" " * (1 << 20)
            for _ in range(mib):
                f.write(chunk)
            f.write(paragraph("来源：《测试日报》 2023年8月3日").encode())
            f.write(("<w:sectPr/>" + head[1]).encode())
        z.writestr("word/styles.xml", STYLES)
    return buf.getvalue()


def png(width: int = 320, height: int = 160) -> bytes:
    """A PNG of blue and white stripes."""
    row = b"".join(b"\x1e\x5a\xaa" if (x // 40) % 2 == 0 else b"\xff\xff\xff"
                   for x in range(width))
    raw = b"".join(b"\x00" + row for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
