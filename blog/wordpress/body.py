"""A WordPress post's HTML as the review's Markdown source, and what the post says about its film.

WordPress stores bodies three ways at once: classic-editor text whose blank lines are paragraphs
(``wpautop`` adds the ``<p>`` only on display), Gutenberg HTML between ``<!-- wp:… -->`` block
comments, and shortcodes in square brackets. The common shortcodes become plain HTML here, the
result becomes Markdown with markdownify, and the review's save renders that through
``blog.sanitize`` like anything an author types: scripts, iframes and event handlers are dropped
here already, and the sanitizer's allowlist is the last word either way.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

from markdownify import MarkdownConverter

from blog.trailers import parse_trailer

# Shortcodes this import understands; any other [name …][/name] is kept as text and reported.
KNOWN_SHORTCODES = ("caption", "wp_caption", "gallery", "embed", "video", "audio", "playlist")
SHORTCODE = re.compile(
    r"\[(?P<escape>\[?)(?P<name>[A-Za-z_][\w-]*)(?P<attrs>(?:[^\[\]/]|/(?!\]))*)"
    r"(?:/\]|\](?:(?P<inner>.*?)\[/(?P=name)\])?)(?P<unescape>\]?)", re.S)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
BLOCK_COMMENT = re.compile(r"<!--\s*(/?)wp:([a-z0-9/_-]+)\s*(\{.*?\})?\s*/?-->", re.S)
MORE = re.compile(r"<!--\s*more\b.*?-->", re.S | re.I)
NEXTPAGE = re.compile(r"<!--\s*nextpage\s*-->", re.I)
LONE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.M)
IFRAME_SRC = re.compile(r"<iframe\b[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"'][^>]*>(?:.*?</iframe\s*>)?",
                        re.S | re.I)
PRE_BLOCK = re.compile(r"<pre\b.*?</pre\s*>", re.S | re.I)
BLOCK_START = re.compile(
    r"^\s*(?:\x00|</?(?:p|div|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|table|thead|tbody|tr|td|th|"
    r"figure|figcaption|hr|form|address|section|article|aside|header|footer|nav|details|"
    r"summary|fieldset|select|style|script|iframe|object|embed|video|audio|math|map|area)\b)", re.I)

IMDB_TITLE = re.compile(r"https?://(?:www\.|m\.)?imdb\.com/title/(tt\d{7,9})", re.I)
ROTTEN_TOMATOES = re.compile(r"https?://(?:www\.)?rottentomatoes\.com/m/[A-Za-z0-9_-]+", re.I)
LETTERBOXD = re.compile(r"https?://(?:www\.)?letterboxd\.com/film/[a-z0-9-]+", re.I)
# "Ballerina (2023)", "Ballerina (2023) Review", "Ballerina (2023) – film review"
TITLE_WITH_YEAR = re.compile(
    r"^(?P<title>.+?)\s*\((?P<year>(?:18[89]|19\d|20\d)\d)\)"
    r"(?:\s*[-–—:|]?\s*(?:(?:film|movie)\s+)?review)?\s*$", re.I)
VIDEO_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv")
AUDIO_SOURCES = ("src", "mp3", "m4a", "ogg", "wav", "wma")


@dataclass
class FilmHints:
    """What a post says about its film; nothing here is guessed beyond the post's words."""

    title: str = ""
    year: int | None = None
    imdb_id: str | None = None
    rotten_tomatoes_url: str = ""
    letterboxd_url: str = ""
    trailer_url: str = ""


@dataclass
class Converted:
    """A body as Markdown, with the film facts found in it and the shortcodes left as text."""

    markdown: str
    hints: FilmHints
    unknown_shortcodes: list[str] = field(default_factory=list)
    missing_images: int = 0


def film_from_title(title: str) -> tuple[str, int | None]:
    """The film's title and year from "Title (2023)" or "Title (2023) Review"; else (title, None)."""
    text = " ".join(title.split())
    match = TITLE_WITH_YEAR.match(text)
    if match:
        return match.group("title").strip(" -–—:|"), int(match.group("year"))
    return text, None


def film_links(content: str) -> FilmHints:
    """The IMDb id and the Rotten Tomatoes and Letterboxd pages linked from a body (the first
    of each)."""
    hints = FilmHints()
    if match := IMDB_TITLE.search(content):
        hints.imdb_id = match.group(1).lower()
    if match := ROTTEN_TOMATOES.search(content):
        hints.rotten_tomatoes_url = "https://www.rottentomatoes.com/m/" + \
            match.group(0).rstrip("/").rsplit("/", 1)[-1]
    if match := LETTERBOXD.search(content):
        hints.letterboxd_url = "https://letterboxd.com/film/" + \
            match.group(0).rstrip("/").rsplit("/", 1)[-1] + "/"
    return hints


def find_trailer(content: str) -> str:
    """The first YouTube or Vimeo video the post embeds: a URL alone on a line (WordPress's
    auto-embed), an embed block, an ``[embed]`` shortcode or an iframe; "" if none."""
    candidates = []
    for match in BLOCK_COMMENT.finditer(content):
        if match.group(2).endswith("embed") or "embed/" in match.group(2):
            try:
                attrs = json.loads(match.group(3) or "{}")
            except ValueError:
                attrs = {}
            candidates.append((match.start(), str(attrs.get("url", ""))))
    for match in SHORTCODE.finditer(content):
        if match.group("name") == "embed" and not match.group("escape"):
            candidates.append((match.start(), html.unescape(match.group("inner") or "").strip()))
    candidates += [(m.start(), html.unescape(m.group(1))) for m in LONE_URL.finditer(content)]
    candidates += [(m.start(), html.unescape(m.group(1))) for m in IFRAME_SRC.finditer(content)]
    for _, url in sorted(candidates):
        trailer = parse_trailer(url)
        if trailer is not None:
            return trailer.watch_url
    return ""


def parse_attributes(text: str) -> dict[str, str]:
    """A shortcode's attributes: name="value", name='value' or name=value."""
    return {m.group(1).lower(): html.unescape(next(g for g in m.groups()[1:] if g is not None))
            for m in ATTRIBUTE.finditer(text or "")}


class Shortcodes:
    """Turns the known shortcodes into plain HTML and notes the unknown ones."""

    def __init__(self, attachments: dict[str, str], children: list[str]):
        self.attachments = attachments  # attachment post id -> file URL
        self.children = children  # attachment ids whose parent is this post (for [gallery])
        self.unknown: list[str] = []

    def expand(self, content: str) -> str:
        return SHORTCODE.sub(self._replace, content)

    def _replace(self, match: re.Match) -> str:
        name = match.group("name").lower()
        if match.group("escape") and match.group("unescape"):  # [[caption]] is a literal
            return match.group(0)[1:-1]
        attrs = parse_attributes(match.group("attrs"))
        inner = match.group("inner") or ""
        if name in ("caption", "wp_caption"):
            return self.caption(attrs, inner)
        if name == "gallery":
            return self.gallery(attrs)
        if name == "embed":
            return link_paragraph(html.unescape(inner.strip()), "")
        if name in ("video", "audio", "playlist"):
            sources = VIDEO_SOURCES if name == "video" else AUDIO_SOURCES
            url = next((attrs[key] for key in sources if attrs.get(key)), "")
            return link_paragraph(url, name.capitalize()) if url else ""
        looks_like_shortcode = match.group("inner") is not None or "=" in match.group("attrs")
        if looks_like_shortcode and name not in self.unknown:
            self.unknown.append(name)
        return match.group(0)

    def caption(self, attrs: dict[str, str], inner: str) -> str:
        # The caption text follows the image (or its link); older posts put it in caption="".
        picture = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", inner, re.S | re.I)
        image, text = (picture.group(1), picture.group(2)) if picture else ("", inner)
        text = text.strip() or attrs.get("caption", "")
        return f"<figure>{image}<figcaption>{text}</figcaption></figure>\n\n"

    def gallery(self, attrs: dict[str, str]) -> str:
        ids = [part.strip() for part in attrs.get("ids", "").split(",") if part.strip()]
        urls = [self.attachments[i] for i in (ids or self.children) if i in self.attachments]
        return "".join(f'<p><img src="{html.escape(url)}" alt=""></p>\n\n' for url in urls)


def link_paragraph(url: str, label: str) -> str:
    """A paragraph linking to ``url`` (a lone video URL WordPress would have embedded)."""
    if not url.startswith(("http://", "https://")):
        return ""
    text = f"{label}: {url}" if label else url
    return f'\n\n<p><a href="{html.escape(url)}">{html.escape(text)}</a></p>\n\n'


def remove_trailer(content: str, trailer_url: str) -> str:
    """The body without the embed that became the film's trailer (the page shows it anyway)."""
    if not trailer_url:
        return content

    def is_trailer(url: str) -> bool:
        found = parse_trailer(html.unescape(url.strip()))
        return found is not None and found.watch_url == trailer_url

    content = IFRAME_SRC.sub(lambda m: "" if is_trailer(m.group(1)) else m.group(0), content)
    content = LONE_URL.sub(lambda m: "" if is_trailer(m.group(1)) else m.group(0), content)
    return SHORTCODE.sub(
        lambda m: "" if m.group("name") == "embed" and is_trailer(m.group("inner") or "")
        else m.group(0), content)


def autop(content: str) -> str:
    """WordPress's wpautop, in short: blank lines part paragraphs, single newlines are breaks.

    Chunks that already start with a block tag are left alone, and ``<pre>`` keeps its lines."""
    kept: list[str] = []

    def hold(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    content = PRE_BLOCK.sub(hold, content)
    chunks = []
    for chunk in re.split(r"\n[ \t]*\n", content):
        chunk = chunk.strip()
        if not chunk:
            continue
        if BLOCK_START.match(chunk):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + re.sub(r"(?<!>)\n(?!\s*<)", "<br>\n", chunk) + "</p>")
    joined = "\n\n".join(chunks)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], joined)


class ReviewMarkdown(MarkdownConverter):
    """markdownify, told what never survives an import and how images are found."""

    def __init__(self, image_url: Callable[[str], str | None], **options):
        super().__init__(heading_style="ATX", bullets="-", strong_em_symbol="*",
                         escape_underscores=False, **options)
        self.image_url = image_url
        self.missing_images = 0

    def _drop(self, el, text, parent_tags):
        return ""

    convert_script = convert_style = convert_iframe = convert_object = convert_embed = _drop
    convert_noscript = convert_form = convert_button = convert_input = _drop
    convert_select = convert_textarea = convert_template = convert_svg = _drop

    def convert_a(self, el, text, parent_tags):
        href = (el.attrs.get("href") or "").strip()
        scheme = urlsplit(href).scheme.lower()
        if scheme and scheme not in ("http", "https", "mailto"):
            return text  # javascript: and the like keep their words only
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el, text, parent_tags):
        source = el.attrs.get("src") or ""
        local = self.image_url(source) if source else None
        if local is None:
            # The file is not in the uploads given: say what was there, linking to it.
            self.missing_images += bool(source)
            alt = (el.attrs.get("alt") or "").strip() or "image"
            if source.startswith(("http://", "https://")):
                return f"[{alt}]({source})"
            return alt
        el.attrs["src"] = local
        return super().convert_img(el, text, parent_tags)

    def convert_video(self, el, text, parent_tags):
        source = el.attrs.get("src") or next(
            (child.attrs.get("src") for child in el.find_all("source") if child.attrs.get("src")),
            "")
        return f"\n\n[Video: {source}]({source})\n\n" if source.startswith("http") else ""

    convert_audio = convert_video


def to_markdown(content: str, *, attachments: dict[str, str] | None = None,
                children: list[str] | None = None,
                image_url: Callable[[str], str | None] = lambda url: None) -> Converted:
    """Convert a post's HTML (classic or block editor, shortcodes and all) to Markdown."""
    content = (content or "").replace("\r\n", "\n").replace("\r", "\n")
    hints = film_links(content)
    hints.trailer_url = find_trailer(content)
    gutenberg = BLOCK_COMMENT.search(content) is not None
    content = remove_trailer(content, hints.trailer_url)
    content = BLOCK_COMMENT.sub("", MORE.sub("", content))
    content = NEXTPAGE.sub("\n\n<hr>\n\n", content)
    shortcodes = Shortcodes(attachments or {}, children or [])
    content = shortcodes.expand(content)
    # A video URL still alone on its line (not the trailer) becomes a link, as WordPress
    # would have embedded it.
    content = LONE_URL.sub(lambda m: link_paragraph(html.unescape(m.group(1)), "").strip()
                           if parse_trailer(html.unescape(m.group(1))) else m.group(0), content)
    if not gutenberg:
        content = autop(content)
    converter = ReviewMarkdown(image_url)
    markdown = converter.convert(content)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return Converted(markdown, hints, shortcodes.unknown, converter.missing_images)


def uploads_path(url: str) -> str | None:
    """The path of a file under ``wp-content/uploads`` (or WordPress.com's ``/files/``) from
    its URL, e.g. "2013/03/poster.jpg"; None for anything else."""
    path = urlsplit(url or "").path
    for marker in ("/wp-content/uploads/", "/files/"):
        if marker in path:
            return path.split(marker, 1)[1].lstrip("/") or None
    return None
