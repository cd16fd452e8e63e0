"""Pictures found in real DOCX, HTML, Markdown and PDF papers, in reading order, with descriptions;
decoration skipped; and PDF layout: columns, running headers, footnotes, hyphenation."""

import base64
import io

import docx
from docx.oxml.ns import qn
from docx.shared import Inches
from layout_builders import HEADER, column_pdf, markers, order_score, picture_png, table_pdf

from voice_app.papers.ingest import ingest_document
from voice_app.papers.sections import split_sections


def parts_of(document):
    """(kind, what) for every part in order: words, or the picture's description."""
    result = []
    for part in split_sections(document.sections):
        if part.picture is None:
            result.append(("text", part.text.split(".")[0]))
        else:
            result.append(("picture", document.pictures[part.picture].description))
    return result


def word_with_pictures() -> bytes:
    document = docx.Document()
    document.add_heading("Library Plans", 1)
    document.add_paragraph("The entrance will move to the square.")
    document.add_picture(io.BytesIO(picture_png(1)), width=Inches(3))
    shape = document.inline_shapes[-1]._inline
    shape.docPr.set("descr", "Floor plan of the ground floor with the new entrance on the left")
    document.add_paragraph("Seats will be added in the corridor.")
    document.add_picture(io.BytesIO(picture_png(2)), width=Inches(3))  # no description
    floating = document.inline_shapes[-1]._inline
    floating.tag = qn("wp:anchor")  # a floating picture, as Word saves "in front of text"
    floating.docPr.set("title", "Photo of the corridor")
    document.add_paragraph("The logo, a rule and a decorative flourish follow.")
    document.add_picture(io.BytesIO(picture_png(3, size=(400, 8))))  # a thin rule: tiny
    document.add_picture(io.BytesIO(picture_png(4)))
    flourish = document.inline_shapes[-1]._inline.docPr
    extension = flourish.makeelement(qn("a:extLst"), {})
    ext = extension.makeelement(qn("a:ext"), {"uri": "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"})
    mark = ext.makeelement(
        "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative", {"val": "1"}
    )
    ext.append(mark)
    extension.append(ext)
    flourish.append(extension)
    document.add_heading("Next Steps", 1)
    document.add_picture(io.BytesIO(picture_png(5)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_pictures_inline_and_floating_in_order_with_descriptions():
    document = ingest_document(word_with_pictures(), "plans.docx")
    assert parts_of(document) == [
        ("text", "The entrance will move to the square"),
        ("picture", "Floor plan of the ground floor with the new entrance on the left"),
        ("text", "Seats will be added in the corridor"),
        ("picture", "Photo of the corridor"),
        ("text", "The logo, a rule and a decorative flourish follow"),
        ("picture", None),  # the section "Next Steps" is only a picture, undescribed
    ]
    assert [s.heading for s in document.sections] == ["Library Plans", "Next Steps"]


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def test_html_alt_figcaption_empty_alt_tiny_and_repeated_logo():
    logo = f'<img src="{_data_url(picture_png(9))}" alt="Council logo">'
    html = f"""<html><body>{logo}<h1>Plans</h1><p>Before the plan.</p>
      <figure><img src="{_data_url(picture_png(1))}"><figcaption>Site plan, north at the top
      </figcaption></figure>
      <p>Between. {logo}</p>
      <img src="{_data_url(picture_png(2))}" alt="">
      <img src="pixel.gif" width="1" height="1" alt="tracker">
      <figure><img src="photo.jpg" alt="The square at night"><figcaption>Photo: A. Smith
      </figcaption></figure>
      <p>After. {logo}</p><img src="drawing.png"></body></html>"""
    document = ingest_document(html.encode(), "plans.html")
    assert parts_of(document) == [
        ("text", "Before the plan"),
        ("picture", "Site plan, north at the top"),
        ("text", "Between"),
        ("picture", "The square at night"),
        ("text", "Photo: A"),  # a caption beside alt text is read as words
        ("picture", None),
    ]


def test_markdown_pictures_keep_their_place():
    text = (
        "# Plans\n\nFirst words.\n\n![Map of the route to the hall](map.png)\n\n"
        "Last words.\n\n![](chart.png)\n"
    )
    document = ingest_document(text.encode(), "plans.md")
    assert parts_of(document) == [
        ("text", "First words"),
        ("picture", "Map of the route to the hall"),
        ("text", "Last words"),
        ("picture", None),  # Markdown cannot say "decorative": a person decides
    ]


def all_text(document) -> str:
    return "\n".join(f"{s.heading}\n{s.text}" for s in document.sections)


def test_two_column_pdf_reads_column_by_column_without_headers_or_page_numbers():
    document = ingest_document(column_pdf(2), "library.pdf")
    text = all_text(document)
    assert markers(text) == list(range(1, 45))
    assert HEADER not in text and "Page 1 of" not in text and "Page 2" not in text
    assert "replaced during the summer" in text
    first = document.sections[0].text
    assert first.rstrip().endswith(
        "Footnote 1 The survey ran in January and 212 residents answered."
    )  # footnotes at the end of their section, not in the middle of a sentence


def test_hyphenated_line_ends_are_joined():
    text = all_text(ingest_document(column_pdf(2), "library.pdf"))
    assert "residents asked for more seats" in text
    assert "- " not in text.replace(" - ", "")
    assert "signs will use large print" in text


def test_three_column_pdf_and_tables_row_by_row():
    assert order_score(markers(all_text(ingest_document(column_pdf(3), "a.pdf"))),
                       list(range(1, 45))) == 1.0  # fmt: skip
    text = all_text(ingest_document(table_pdf(rows=4, tables=2), "costs.pdf"))
    assert "Row 1. Item: Marker 02 ramp. Cost: 200 pounds. When: May. Who: Officers." in text
    assert markers(text) == list(range(1, 12))


def test_pdf_pictures_with_tagged_alt_text_and_without():
    data = column_pdf(2, pictures={4: "Floor plan of the library, entrance on the left", 9: ""})
    document = ingest_document(data, "library.pdf")
    pictures = [p for p in parts_of(document) if p[0] == "picture"]
    assert pictures == [
        ("picture", "Floor plan of the library, entrance on the left"),
        ("picture", None),
    ]
    parts = split_sections(document.sections)
    at = [i for i, p in enumerate(parts) if p.picture is not None]
    before, after = parts[at[0] - 1].text, parts[at[0] + 1].text
    assert "Marker 04" in before and "Marker 05" not in before and "Marker 05" in after
    assert document.pictures[0].page == 1
