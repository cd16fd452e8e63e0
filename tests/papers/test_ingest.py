import io
import zipfile

import pytest
from paper_builders import (
    HTML,
    LOREM,
    MARKDOWN,
    board_report_pdf,
    encrypt_pdf,
    image_only_pdf,
    make_pdf,
)

from voice_app.papers.ingest import IngestError, detect_type, ingest_document


def headings(document):
    return [section.heading for section in document.sections]


def test_pdf_numbered_headings_become_sections(pdf_chapters):
    document = ingest_document(make_pdf(pdf_chapters, title="Day Services"), "paper.pdf")
    assert document.source_type == "pdf"
    assert document.page_count == 3
    assert document.title == "Day Services"
    assert headings(document) == ["1. Introduction", "2. Budget and Costs", "3. Next Steps"]
    first = document.sections[0].text
    assert first.startswith("The group met at the Town Hall")
    assert "hard to get there by bus" in first  # wrapped lines rejoined
    assert "\n\nWe welcome comments from residents." in first  # paragraphs kept apart
    assert "Page 1" not in " ".join(s.text for s in document.sections)


def test_pdf_title_case_heading_and_bullets():
    chapters = [("Meeting Summary", [LOREM, "- Buses are late", "- Lifts are broken"])]
    document = ingest_document(make_pdf(chapters), "summary.pdf")
    assert headings(document) == ["Meeting Summary"]
    assert document.sections[0].text.endswith("Buses are late.\n\nLifts are broken.")


def test_pdf_report_with_bullets_and_a_table():
    document = ingest_document(board_report_pdf(), "hwb.pdf")
    assert document.title == "Health and Wellbeing Board"
    assert headings(document) == [
        "Health and Wellbeing Board", "1. Summary", "2. Financial Implications"
    ]  # fmt: skip
    summary, money = document.sections[1].text, document.sections[2].text
    assert summary.endswith(
        "Disabled Residents Team.\n\nImprove respite for unpaid carers.\n\n"
        "Publish a carers' information pack."
    )
    assert "Row 1. Service: Respite Care. Budget 2024/25: £250,000." in money
    assert "Row 2. Service: Information Pack. Budget 2024/25: £5,000." in money
    assert money.endswith("End of table.\n\nThe costs above will be met from existing budgets.")


def test_pdf_without_headings_falls_back_to_pages():
    body = [LOREM.lower(), LOREM.lower()]
    document = ingest_document(make_pdf([("the first part of the paper.", body)] * 2), "x.pdf")
    assert headings(document) == ["Page 1", "Page 2"]


def test_content_decides_type_not_extension(pdf_chapters, docx_bytes):
    assert detect_type(make_pdf(pdf_chapters), "misnamed.docx") == "pdf"
    assert detect_type(docx_bytes, "upload.bin") == "docx"
    assert detect_type(b"<html><body><h1>Hi</h1></body></html>", "page") == "html"
    assert detect_type(b"# Title\n\ntext", "notes") == "md"


def test_encrypted_pdf_is_refused_plainly(pdf_chapters):
    with pytest.raises(IngestError, match="password"):
        ingest_document(encrypt_pdf(make_pdf(pdf_chapters)), "secret.pdf")


def test_scanned_pdf_is_refused_plainly():
    with pytest.raises(IngestError, match="scanned"):
        ingest_document(image_only_pdf(), "scan.pdf")


@pytest.mark.parametrize(
    ("data", "name", "phrase"),
    [
        (b"", "empty.pdf", "empty"),
        (b"  \r\n ", "blank.txt", "empty"),
        (b"%PDF-1.7\n1 0 obj garbage", "broken.pdf", "damaged"),
        (b"PK\x03\x04 not really a zip", "broken.docx", "damaged"),
        (b"not a pdf at all", "fake.pdf", "not really a PDF"),
        (b"\x89PNG\r\n\x1a\n....", "photo.png", "picture"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.doc", "old-style Word"),
        (b"a,b\n1,2", "sheet.xlsx", "not supported"),
        (bytes(range(256)) * 40, "noise.txt", "readable text"),
    ],
)
def test_bad_files_get_plain_english_errors(data, name, phrase):
    with pytest.raises(IngestError) as caught:
        ingest_document(data, name)
    assert phrase in caught.value.message
    assert "Traceback" not in caught.value.message


def test_other_office_zips_are_named():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(IngestError, match="Excel"):
        ingest_document(out.getvalue(), "budget.xlsx")


def test_truncated_pdf_is_refused(pdf_chapters):
    data = make_pdf(pdf_chapters)
    with pytest.raises(IngestError):
        ingest_document(data[: len(data) // 3], "partial.pdf")


def test_size_limit_is_a_parameter():
    with pytest.raises(IngestError, match="over the 1 MB limit"):
        ingest_document(b"words " * 300_000, "big.txt", max_bytes=1024 * 1024)
    assert ingest_document(b"words " * 1000, "ok.txt", max_bytes=1024 * 1024).sections


def test_docx_headings_lists_and_table(docx_bytes):
    document = ingest_document(docx_bytes, "review.docx")
    assert document.source_type == "docx"
    assert document.title == "Day Services Review"
    assert headings(document) == ["Day Services Review", "1. Background", "2. Costs", "Next steps"]
    background, costs, steps = (s.text for s in document.sections[1:])
    assert "Transport is unreliable.\n\nLunch costs have gone up." in background
    assert "Row 1. Service: Day centre. Cost: £1,200." in costs
    assert "Row 2. Service: Transport. Cost: £350." in costs
    assert "Columns: Service, Cost." in costs
    assert steps == "1) Agree the budget.\n\n2) Consult residents."


def test_markdown_table_and_list():
    document = ingest_document(MARKDOWN.encode(), "update.md")
    assert document.source_type == "md"
    assert document.title == "Community Transport Update"
    assert headings(document) == ["Community Transport Update", "Costs", "Actions"]
    assert "Row 2. Service: Dial-a-ride. Cost: £80." in document.sections[1].text
    assert document.sections[2].text == "Write to the bus company.\nAsk residents about times."


def test_html_headings_table_and_no_script():
    document = ingest_document(HTML.encode("utf-8"), "report.html")
    assert document.source_type == "html"
    assert document.title == "Housing Repairs Report"
    assert headings(document) == ["Housing Repairs Report", "Repairs backlog", "What happens next"]
    everything = " ".join(s.text for s in document.sections)
    assert (
        "var x" not in everything and "color" not in everything and "Home | About" not in everything
    )
    assert "There are 412 open repairs." in document.sections[1].text
    assert "Row 1. Area: North. Open repairs: 200." in document.sections[1].text
    assert document.sections[2].text == "1) Hire two more surveyors.\n2) Report back in March."


TEXT = "Budget Update\n\nThe café costs £5 — cheap.\n\n1. Background\nWe met on Monday.\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "cp1252", "utf-8-sig"])
def test_text_in_odd_encodings(encoding):
    document = ingest_document(TEXT.encode(encoding), "notes.txt")
    assert document.source_type == "txt"
    assert headings(document) == ["Budget Update", "1. Background"]
    assert document.sections[0].text == "The café costs £5 — cheap."


def test_latin1_bytes_cp1252_cannot_decode_still_read():
    data = "Caf\u00e9 notes.\n".encode("latin-1") + b"\x81 odd byte."
    assert "Café notes." in ingest_document(data, "x.txt").sections[0].text


def test_plain_text_without_headings_is_one_section_named_after_the_file():
    document = ingest_document(b"just one paragraph here.\nand more words.", "my_notes.txt")
    assert document.title == "My notes"
    assert [(s.heading, s.text) for s in document.sections] == [
        ("The paper", "just one paragraph here. and more words.")
    ]


def test_html_nested_lists_loose_text_and_picture_alt_text():
    html = (
        "<h1>Plan</h1><ul><li>One<ul><li>Sub a</li></ul></li><li>Two (maybe)</li></ul>"
        '<div>Loose text <b>bold</b><p>He said "yes."</p></div><img alt="A map of the borough">'
    )
    document = ingest_document(html.encode(), "plan.html")
    assert document.sections[0].text == (
        'One.\nSub a.\nTwo (maybe).\n\nLoose text bold.\n\nHe said "yes."\n\n[[picture:0]]'
    )
    assert document.pictures[0].description == "A map of the borough"


def test_docx_with_broken_xml_is_refused(docx_bytes):
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            broken = name == "word/document.xml"
            archive.writestr(name, b"<w:document><oops" if broken else source.read(name))
    with pytest.raises(IngestError, match="Word file could not be read"):
        ingest_document(out.getvalue(), "broken.docx")


def test_docx_merged_cells_are_read_once():
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Service", "2023", "2024"], strict=True):
        cell.text = text
    table.cell(1, 0).merge(table.cell(1, 2)).text = "Total to be confirmed"
    out = io.BytesIO()
    document.save(out)
    text = ingest_document(out.getvalue(), "t.docx").sections[0].text
    assert "Row 1. Service: Total to be confirmed.\nEnd of table." in text
