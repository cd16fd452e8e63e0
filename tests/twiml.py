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


# the phone line as one product: webhook URLs carry the call's step number
def without_step(url: str | None) -> str:
    """A webhook URL with its step number (n=..., present and numeric) taken out of the query."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    parts = urlsplit(url or "")
    query = parse_qsl(parts.query)
    steps = [value for key, value in query if key == "n"]
    assert len(steps) == 1 and steps[0].isdigit(), f"no step number in {url}"
    rest = urlencode([(key, value) for key, value in query if key != "n"])
    return parts.path + (f"?{rest}" if rest else "")
