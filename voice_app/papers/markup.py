"""Read HTML and Markdown papers: headings become sections, tables and lists read sensibly."""

from __future__ import annotations

import base64
import binascii
import re

import markdown
from bs4 import BeautifulSoup, NavigableString, Tag
from lxml import etree

from voice_app.papers.document import (
    PHRASES,
    SectionBuilder,
    as_sentence,
    clean_space,
    list_item,
    table_to_speech,
)
from voice_app.papers.figures import Picture, marker

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SKIP = {"script", "style", "noscript", "template", "head", "nav", "svg", "form", "button"}
BLOCKS = {
    "p", "div", "section", "article", "main", "aside", "header", "footer", "blockquote",
    "pre", "figure", "figcaption", "address", "details", "summary", "dl", "dt", "dd", "hr",
    "ul", "ol", "li", "table", "body", "html", "center",
} | HEADINGS  # fmt: skip

# Reading a page walks it recursively, one level of Python's call stack (1000 deep) per level of
# nesting: a page nested deeper cannot be read whatever we do, so it is refused before
# BeautifulSoup spends seconds (200,000 levels: 6 s of CPU) building a tree that would fail.
MAX_NESTING = 1000


class NestedTooDeep(RuntimeError):
    """The page nests more than MAX_NESTING elements deep (read as "could not be read")."""


class _Nesting:
    """An lxml parser target that only follows the depth: the elements BeautifulSoup would get
    (the same parser, with the same recovery), at C speed and with no tree built."""

    def __init__(self) -> None:
        self.depth = 0

    def start(self, tag: str, attrib: dict) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise NestedTooDeep(f"elements nested more than {MAX_NESTING} deep")

    def end(self, tag: str) -> None:
        self.depth -= 1

    def close(self) -> None:
        return None


def refuse_deep_nesting(html: str) -> None:
    parser = etree.HTMLParser(target=_Nesting(), recover=True)
    parser.feed(html)
    parser.close()


def read_html(html: str, empty_alt_is_decorative: bool = True) -> tuple[str, list, list[Picture]]:
    """Return (title, sections, pictures) from an HTML page."""
    refuse_deep_nesting(html)
    soup = BeautifulSoup(html, "lxml")
    title = ""
    if soup.title and soup.title.get_text(strip=True):
        title = clean_space(soup.title.get_text(" ", strip=True))
    h1 = soup.find("h1")
    if not title and h1:
        title = clean_space(h1.get_text(" ", strip=True))
    builder = SectionBuilder()
    root = soup.body or soup
    pictures: list[Picture] = []
    _walk(root, builder, _Pictures(pictures, empty_alt_is_decorative))
    return title, builder.finish(default_heading=title or PHRASES["opening"]), pictures


def read_markdown(text: str) -> tuple[str, list, list[Picture]]:
    """Render Markdown to HTML with tables, then read it like a web page.

    Markdown cannot tell "no description" from "decorative" (both are `![](...)`), so an empty
    description there waits for a person to decide.
    """
    html = markdown.markdown(text, extensions=["tables", "sane_lists", "fenced_code"])
    title, sections, pictures = read_html(
        f"<html><body>{html}</body></html>", empty_alt_is_decorative=False
    )
    if not title:
        match = re.search(r"^\s*#\s+(.+)$", text, flags=re.MULTILINE)
        title = match.group(1).strip() if match else ""
    return title, sections, pictures


class _Pictures:
    """Collect a page's pictures; each becomes a marker paragraph where it stands."""

    def __init__(self, pictures: list[Picture], empty_alt_is_decorative: bool) -> None:
        self.pictures = pictures
        self.empty_alt_is_decorative = empty_alt_is_decorative

    def add(self, image: Tag, builder: SectionBuilder, caption: str = "") -> None:
        alt = image.get("alt")
        described = clean_space(alt) if alt is not None and alt.strip() else (caption or None)
        decorative = alt is not None and not alt.strip() and not caption
        src = str(image.get("src") or "")
        picture = Picture(
            _embedded(src) or f"src:{src}".encode(),
            described,
            decorative=decorative and self.empty_alt_is_decorative,
            width=_pixels(image.get("width")),
            height=_pixels(image.get("height")),
        )
        builder.add(marker(len(self.pictures)))
        self.pictures.append(picture)


def _embedded(src: str) -> bytes | None:
    """The bytes of a data: URL picture; a picture elsewhere is known by its address only."""
    match = re.match(r"data:image/[\w.+-]+;base64,(.*)$", src, re.DOTALL)
    if not match:
        return None
    try:
        return base64.b64decode(match[1], validate=False)
    except (binascii.Error, ValueError):
        return None


def _pixels(value: object) -> int:
    text = str(value or "").strip().removesuffix("px")
    return int(text) if text.isdigit() and len(text) < 6 else 0


def _walk(node: Tag, builder: SectionBuilder, pictures: _Pictures) -> None:
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
        elif name == "p" and child.find("img") is None:
            flush()
            builder.add(as_sentence(child.get_text(" ", strip=True)))
        elif name == "figure" and child.find("img") is not None:
            flush()
            _figure(child, builder, pictures)
        elif name in BLOCKS:
            flush()
            _walk(child, builder, pictures)
        elif name == "img":
            flush()
            pictures.add(child, builder)
        else:
            inline.append(child.get_text(" ", strip=True))
    flush()


def _figure(node: Tag, builder: SectionBuilder, pictures: _Pictures) -> None:
    """A figure's caption describes its picture when there is no alt text; else it is read."""
    caption_tag = node.find("figcaption")
    caption = clean_space(caption_tag.get_text(" ", strip=True)) if caption_tag else ""
    images = node.find_all("img")
    for image in images:
        no_alt = not str(image.get("alt") or "").strip()
        pictures.add(image, builder, caption if no_alt and len(images) == 1 else "")
    if caption and any(str(i.get("alt") or "").strip() for i in images):
        builder.add(as_sentence(caption))


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
