"""Fixtures for the papers tests; the builders live in paper_builders.py."""

import pytest
from paper_builders import LOREM, make_docx


@pytest.fixture
def docx_bytes() -> bytes:
    return make_docx()


@pytest.fixture
def pdf_chapters() -> list[tuple[str, list[str]]]:
    return [
        ("1. Introduction", [LOREM, "We welcome comments from residents."]),
        ("2. Budget and Costs", [LOREM + " " + LOREM]),
        ("3. Next Steps", ["The group will meet again in the spring.", LOREM]),
    ]
