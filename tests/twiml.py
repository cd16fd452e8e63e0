"""Reading TwiML answers as XML, the way Twilio does."""

from __future__ import annotations

from xml.etree import ElementTree


def parse(response) -> ElementTree.Element:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/xml"
    root = ElementTree.fromstring(response.get_data())
    assert root.tag == "Response"
    return root


def spoken_text(root: ElementTree.Element) -> str:
    """Everything the caller hears from <Say>, in order, as one string."""
    return " ".join(" ".join(el.itertext()).strip() for el in root.iter("Say"))
