"""Reading a WXR file as a stream: defusedxml's iterparse, one item at a time, memory bounded.

The file's bytes are decoded as UTF-8 on the way in: invalid sequences become U+FFFD and the
characters the site never stores (``blog.text.strip_unsafe``: controls, noncharacters) are
dropped, both counted, so an export damaged in transit still
imports and says what it changed. The parser itself forbids external entities and entity
declarations, so neither a "billion laughs" nor a file that reads ``/etc/passwd`` gets anywhere.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import BinaryIO, Iterator
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from blog.text import strip_unsafe
from blog.wordpress.errors import WordPressFileError

CHUNK = 64 * 1024
ENCODING_DECLARATION = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._-]+)""")
RAW_META = {"_blog_markdown"}  # post meta read as written, not stripped
PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content:",
    "http://purl.org/dc/elements/1.1/": "dc:",
    "http://wellformedweb.org/CommentAPI/": "wfw:",
}


class CleanUTF8Stream:
    """A binary stream that hands the parser valid UTF-8 without the characters XML refuses.

    Counts what it replaced (``invalid``) and dropped (``controls``); a leading BOM is dropped
    silently, as it is legal but useless once the bytes are known to be UTF-8."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.invalid = 0
        self.controls = 0
        self.started = False
        self.done = False

    def read(self, size: int = -1) -> bytes:
        while not self.done:
            data = self.raw.read(CHUNK)
            first = not self.started
            if first:
                self.started = True
                if data.startswith(codecs.BOM_UTF8):
                    data = data[len(codecs.BOM_UTF8):]
                self._follow_declaration(data)
            text = self.decoder.decode(data, final=not data)
            if first:  # the parser is handed UTF-8, whatever the file was written in
                text = ENCODING_DECLARATION.sub(r"\1UTF-8", text, count=1)
            self.done = not data
            if text:
                return self._clean(text)
        return b""

    def _follow_declaration(self, data: bytes) -> None:
        """Decode an old export written in another character set (ISO-8859-1, say) as it says."""
        declared = ENCODING_DECLARATION.match(data[:200].decode("ascii", "replace"))
        if declared:
            try:
                codec = codecs.lookup(declared.group(2))
            except LookupError:
                return
            if codec.name != "utf-8":
                self.decoder = codecs.getincrementaldecoder(codec.name)(errors="replace")

    def _clean(self, text: str) -> bytes:
        self.invalid += text.count("\ufffd")
        # The characters the site never stores (forms strip them too): the C0 controls XML
        # refuses, but also DEL, the C1 controls and the noncharacters it would accept.
        cleaned = strip_unsafe(text)
        self.controls += len(text) - len(cleaned)
        return cleaned.encode("utf-8")


def local_name(tag: str) -> str:
    """An element's name with its namespace as a short prefix: "wp:post_id", "content:encoded"."""
    if not tag.startswith("{"):
        return tag
    namespace, name = tag[1:].split("}", 1)
    if "wordpress.org/export/" in namespace:
        return ("excerpt:" if namespace.rstrip("/").endswith("excerpt") else "wp:") + name
    return PREFIXES.get(namespace, "") + name


@dataclass
class WxrComment:
    """One ``<wp:comment>`` as the export wrote it."""

    id: str
    author: str = ""
    email: str = ""
    url: str = ""
    date_gmt: str = ""
    date: str = ""
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent: str = "0"
    user_id: str = "0"


@dataclass
class WxrItem:
    """One ``<item>``: a post, page, attachment or anything else the export holds."""

    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_id: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    post_name: str = ""
    status: str = ""
    post_parent: str = "0"
    post_type: str = ""
    post_password: str = ""
    is_sticky: str = "0"
    comment_status: str = "open"
    attachment_url: str = ""
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # domain, nicename, name
    meta: dict[str, str] = field(default_factory=dict)  # a repeated key: its last value
    meta_all: dict[str, list[str]] = field(default_factory=dict)  # every value, in order
    comments: list[WxrComment] = field(default_factory=list)


@dataclass
class WxrAuthor:
    login: str
    email: str = ""
    display_name: str = ""
    wp_id: str = ""


@dataclass
class WxrTerm:
    """A category or tag the channel declares (used or not)."""

    domain: str  # "category" or "post_tag"
    nicename: str
    name: str
    parent: str = ""
    meta: dict[str, list[str]] = field(default_factory=dict)  # term meta, every value


def read_term_meta(element) -> dict[str, list[str]]:
    """A term's ``<wp:termmeta>`` (written by WordPress 4.4 and later, and by this blog)."""
    meta: dict[str, list[str]] = {}
    for part in element:
        if local_name(part.tag) == "wp:termmeta":
            fields = {local_name(bit.tag): bit for bit in part}
            key = _text(fields.get("wp:meta_key"))
            if key:
                meta.setdefault(key, []).append(_text(fields.get("wp:meta_value")))
    return meta


ITEM_FIELDS = {
    "title": "title", "link": "link", "guid": "guid", "dc:creator": "creator",
    "content:encoded": "content", "excerpt:encoded": "excerpt", "wp:post_id": "post_id",
    "wp:post_date": "post_date", "wp:post_date_gmt": "post_date_gmt",
    "wp:post_name": "post_name", "wp:status": "status", "wp:post_parent": "post_parent",
    "wp:post_type": "post_type", "wp:post_password": "post_password",
    "wp:is_sticky": "is_sticky", "wp:comment_status": "comment_status",
    "wp:attachment_url": "attachment_url",
}


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _raw_text(element) -> str:
    return element.text or "" if element is not None else ""


def read_item(element) -> WxrItem:
    """Build a WxrItem from a finished ``<item>`` element."""
    item = WxrItem()
    for child in element:
        name = local_name(child.tag)
        if name in ITEM_FIELDS:
            value = _raw_text(child) if name in ("content:encoded", "excerpt:encoded") \
                else _text(child)
            setattr(item, ITEM_FIELDS[name], value)
        elif name == "category":
            item.terms.append((child.get("domain", ""), child.get("nicename", ""), _text(child)))
        elif name == "wp:postmeta":
            fields = {local_name(part.tag): part for part in child}
            key = _text(fields.get("wp:meta_key"))
            if key:  # a Markdown source keeps its spacing, to the last newline
                item.meta[key] = (_raw_text if key in RAW_META else _text)(
                    fields.get("wp:meta_value"))
                item.meta_all.setdefault(key, []).append(item.meta[key])
        elif name == "wp:comment":
            item.comments.append(read_comment(child))
    return item


def read_comment(element) -> WxrComment:
    """Build a WxrComment from a ``<wp:comment>`` element."""
    values = {local_name(part.tag)[len("wp:comment_"):]: part for part in element
              if local_name(part.tag).startswith("wp:comment_")}
    return WxrComment(
        id=_text(values.get("id")), author=_text(values.get("author")),
        email=_text(values.get("author_email")), url=_text(values.get("author_url")),
        date_gmt=_text(values.get("date_gmt")), date=_text(values.get("date")),
        content=_raw_text(values.get("content")), approved=_text(values.get("approved")) or "1",
        type=_text(values.get("type")), parent=_text(values.get("parent")) or "0",
        user_id=_text(values.get("user_id")) or "0")


def read_author(element) -> WxrAuthor:
    values = {local_name(part.tag): _text(part) for part in element}
    return WxrAuthor(login=values.get("wp:author_login", ""),
                     email=values.get("wp:author_email", ""),
                     display_name=values.get("wp:author_display_name", ""),
                     wp_id=values.get("wp:author_id", ""))


def read_term(element, name: str) -> WxrTerm:
    values = {local_name(part.tag): _text(part) for part in element}
    meta = read_term_meta(element)
    if name == "wp:category":
        return WxrTerm("category", values.get("wp:category_nicename", ""),
                       values.get("wp:cat_name", ""), values.get("wp:category_parent", ""),
                       meta)
    return WxrTerm("post_tag", values.get("wp:tag_slug", ""), values.get("wp:tag_name", ""),
                   meta=meta)


@dataclass
class Channel:
    """What the channel says about the site, read before (or without keeping) its items."""

    link: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    authors: list[WxrAuthor] = field(default_factory=list)
    terms: list[WxrTerm] = field(default_factory=list)


class WxrReader:
    """Reads one export: ``items()`` yields each item in order while ``channel`` fills up.

    Elements are removed from the tree once read, so memory stays bounded by the largest item.
    ``items()`` raises WordPressFileError for malformed or hostile XML, or a file that is not
    WXR; ``stream`` counts the bytes it had to repair."""

    def __init__(self, raw: BinaryIO):
        self.stream = CleanUTF8Stream(raw)
        self.channel = Channel()

    def items(self) -> Iterator[WxrItem]:
        try:
            yield from self._walk()
        except ParseError as error:
            line, column = getattr(error, "position", (None, None))
            reason = str(error).split(":")[0] or "not well-formed"
            raise WordPressFileError(f"The file is not well-formed XML ({reason})",
                                     line, column) from None
        except DefusedXmlException as error:
            raise WordPressFileError(
                f"The file uses an XML feature no export has and attacks do "
                f"({type(error).__name__}); nothing was imported.") from None

    def _walk(self) -> Iterator[WxrItem]:
        channel, parent, seen_rss = self.channel, None, False
        # forbid_dtd: a WXR file has no document type; refusing one stops every entity trick
        # before the parser reads a single declaration.
        for event, element in iterparse(self.stream, events=("start", "end"), forbid_dtd=True,
                                        forbid_entities=True, forbid_external=True):
            name = local_name(element.tag)
            if event == "start":
                if not seen_rss and name != "rss":
                    raise WordPressFileError(f"This is not a WordPress export: it starts with "
                                             f"<{name}>, not <rss>.", 1, 0)
                seen_rss = True
                if name == "channel":
                    parent = element
                continue
            if parent is None or element is parent:
                continue
            if name == "item":
                yield read_item(element)
            elif name == "wp:author":
                channel.authors.append(read_author(element))
            elif name in ("wp:category", "wp:tag"):
                channel.terms.append(read_term(element, name))
            elif name == "link" and not channel.link:
                channel.link = _text(element)
            elif name == "wp:base_blog_url":
                channel.base_blog_url = _text(element)
            elif name == "wp:wxr_version":
                channel.wxr_version = _text(element)
            else:
                continue  # a part of an item, or something the import does not use
            # Finished children sit at the front (the parser may have read ahead), so this
            # finds them at once; the channel never holds more than one chunk's items.
            parent.remove(element)
        if not seen_rss:
            raise WordPressFileError("The file is empty.")


def parse_time(value: str) -> datetime | None:
    """A WXR date ("2023-05-12 08:30:00") as aware UTC, or None for empty or zero dates."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
