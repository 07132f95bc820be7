"""Writing WXR: WordPress's export namespaces and a small streaming XML writer."""
from __future__ import annotations

from typing import IO
from xml.sax.saxutils import XMLGenerator

from blog.text import xml_safe

WXR_VERSION = "1.2"
NAMESPACES = {
    "excerpt": f"http://wordpress.org/export/{WXR_VERSION}/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": f"http://wordpress.org/export/{WXR_VERSION}/",
}


class WxrWriter:
    """A thin layer over ``XMLGenerator``: elements by qualified name, text made XML-safe, one
    element a line so the file reads (and diffs) like WordPress's own."""

    def __init__(self, out: IO) -> None:
        self.xml = XMLGenerator(out, encoding="UTF-8", short_empty_elements=True)

    def start(self, name: str, attributes: dict | None = None) -> None:
        """Open an element that holds others."""
        self._open(name, attributes)
        self.newline()

    def end(self, name: str) -> None:
        self.xml.endElement(name)
        self.newline()

    def text(self, name: str, value, attributes: dict | None = None) -> None:
        """One element holding ``value`` as text (nothing for None)."""
        self._open(name, attributes)
        if value is not None and value != "":
            self.xml.characters(xml_safe(str(value)))
        self.end(name)

    def newline(self) -> None:
        self.xml.ignorableWhitespace("\n")

    def _open(self, name: str, attributes: dict | None) -> None:
        self.xml.startElement(name, {key: xml_safe(str(value))
                                     for key, value in (attributes or {}).items()})


def write_meta(writer: WxrWriter, element: str, key: str, value) -> None:
    writer.start(element)
    writer.text("wp:meta_key", key)
    writer.text("wp:meta_value", value)
    writer.end(element)
