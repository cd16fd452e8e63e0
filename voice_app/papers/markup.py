"""Read HTML and Markdown papers: headings become sections, tables and lists read sensibly."""

from __future__ import annotations

import re

import markdown
from bs4 import BeautifulSoup, NavigableString, Tag

from voice_app.papers.document import (
    PHRASES,
    SectionBuilder,
    as_sentence,
    clean_space,
    list_item,
    table_to_speech,
)

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SKIP = {"script", "style", "noscript", "template", "head", "nav", "svg", "form", "button"}
BLOCKS = {
    "p", "div", "section", "article", "main", "aside", "header", "footer", "blockquote",
    "pre", "figure", "figcaption", "address", "details", "summary", "dl", "dt", "dd", "hr",
    "ul", "ol", "li", "table", "body", "html", "center",
} | HEADINGS  # fmt: skip


def read_html(html: str) -> tuple[str, list]:
    """Return (title, sections) from an HTML page."""
    soup = BeautifulSoup(html, "lxml")
    title = ""
    if soup.title and soup.title.get_text(strip=True):
        title = clean_space(soup.title.get_text(" ", strip=True))
    h1 = soup.find("h1")
    if not title and h1:
        title = clean_space(h1.get_text(" ", strip=True))
    builder = SectionBuilder()
    root = soup.body or soup
    _walk(root, builder)
    return title, builder.finish(default_heading=title or PHRASES["opening"])


def read_markdown(text: str) -> tuple[str, list]:
    """Render Markdown to HTML with tables, then read it like a web page."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists", "fenced_code"])
    title, sections = read_html(f"<html><body>{html}</body></html>")
    if not title:
        match = re.search(r"^\s*#\s+(.+)$", text, flags=re.MULTILINE)
        title = match.group(1).strip() if match else ""
    return title, sections


def _walk(node: Tag, builder: SectionBuilder) -> None:
    inline: list[str] = []

    def flush() -> None:
        text = clean_space(" ".join(inline))
        inline.clear()
        if text:
            builder.add(as_sentence(text))

    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # skip comments, doctype, CDATA
                inline.append(str(child))
            continue
        if not isinstance(child, Tag) or child.name in SKIP:
            continue
        name = child.name
        if name == "br":
            inline.append("\n")
        elif name in HEADINGS:
            flush()
            builder.start(child.get_text(" ", strip=True))
        elif name == "table":
            flush()
            builder.add(_table(child))
        elif name in ("ul", "ol"):
            flush()
            builder.add(_list(child))
        elif name == "p":
            flush()
            builder.add(as_sentence(child.get_text(" ", strip=True)))
        elif name in BLOCKS:
            flush()
            _walk(child, builder)
        elif name == "img" and child.get("alt"):
            inline.append(PHRASES["picture"].format(alt=child["alt"]))
        else:
            inline.append(child.get_text(" ", strip=True))
    flush()


def _list(node: Tag, depth: int = 0) -> str:
    ordered = node.name == "ol"
    start = int(node.get("start", 1)) if str(node.get("start", "1")).isdigit() else 1
    lines = []
    for index, item in enumerate(node.find_all("li", recursive=False)):
        nested = [sub.extract() for sub in item.find_all(["ul", "ol"], recursive=False)]
        text = clean_space(item.get_text(" ", strip=True))
        lines.append(list_item(text, start + index if ordered else None))
        lines.extend(_list(sub, depth + 1) for sub in nested)
    return "\n".join(line for line in lines if line)


def _table(node: Tag) -> str:
    rows: list[list[str]] = []
    has_header = False
    for row_number, tr in enumerate(node.find_all("tr")):
        if tr.find_parent("table") is not node:
            continue  # nested tables are read inside their cell text
        cells = tr.find_all(["th", "td"], recursive=False)
        if row_number == 0 and cells and all(c.name == "th" for c in cells):
            has_header = True
        if row_number == 0 and tr.find_parent("thead") is not None:
            has_header = True
        row: list[str] = []
        for cell in cells:
            text = clean_space(cell.get_text(" ", strip=True))
            span = cell.get("colspan", "1")
            row.extend([text] * (int(span) if str(span).isdigit() else 1))
        rows.append(row)
    caption = node.find("caption")
    spoken = table_to_speech(rows, has_header=has_header)
    if caption and caption.get_text(strip=True):
        spoken = as_sentence(clean_space(caption.get_text(" ", strip=True))) + "\n" + spoken
    return spoken
