"""The one place untrusted or author-written markup becomes HTML that is safe to store and show.

Everything here runs at write time; templates mark only these results ``|safe``.
Nothing else in the project imports bleach or the Markdown renderer.
"""
import html
import re
from dataclasses import dataclass
from functools import lru_cache, partial
from urllib.parse import urlsplit

import bleach
from bleach.html5lib_shim import Filter
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

LINK_PROTOCOLS = frozenset({"http", "https", "mailto"})
COMMENT_REL = "nofollow ugc noopener"

COMMENT_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "i", "p", "pre", "q",
    "s", "strong", "ul", "ol", "li",
})
COMMENT_ATTRIBUTES = {"a": ["href", "title", "rel"], "abbr": ["title"]}


def _comment_attribute_allowed(tag, name, value):
    # Links must be absolute http(s) or mailto: relative ones have no business in a comment,
    # and refusing them also refuses tricks that hide a scheme from the protocol check.
    if tag == "a" and name == "href":
        return urlsplit(value.strip()).scheme.lower() in LINK_PROTOCOLS
    return name in COMMENT_ATTRIBUTES.get(tag, ())

ARTICLE_TAGS = COMMENT_TAGS | frozenset({
    "h2", "h3", "h4", "h5", "h6", "hr", "img", "figure", "figcaption", "table", "thead",
    "tbody", "tr", "th", "td", "caption", "details", "summary", "sup", "sub", "section", "dl",
    "dt", "dd", "span",
})
FOOTNOTE_ID = re.compile(r"^fn(ref)?\d+(:\d+)?$")
ARTICLE_CLASSES = frozenset({"spoiler", "footnotes", "footnotes-list", "footnote-item",
                             "footnote-ref", "footnote-backref", "footnotes-sep"})

EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")
# Script and style hold code, not words: their content goes with them (bleach keeps it as text).
HIDDEN_CONTENT = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.I | re.S)
# A typed line break next to a block tag is layout, not a <br>.
BLOCK_TAG = r"</?(?:blockquote|ul|ol|li|pre|p)\b[^>]*>"
BREAK_BEFORE_BLOCK = re.compile(r"(?<!\n)[ \t]*\n[ \t]*(?=" + BLOCK_TAG + ")", re.I)
BREAK_AFTER_BLOCK = re.compile("(" + BLOCK_TAG + r")[ \t]*\n(?![ \t]*\n)[ \t]*", re.I)

SPOILER_SUMMARY = "Spoiler — select to reveal"


def _article_attribute_allowed(tag, name, value):
    if name in ("title", "alt"):
        return True
    if name == "href":
        return tag == "a"
    if name in ("src", "width", "height"):
        return tag == "img"
    if name == "id":
        return bool(FOOTNOTE_ID.match(value))
    if name == "class":
        return all(part in ARTICLE_CLASSES for part in value.split())
    return False


class DropLinksWithoutHref(Filter):
    """An html5lib filter: a link whose address was refused becomes its plain text."""

    def __iter__(self):
        dropping = False
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                dropping = not any(name == "href" for _, name in token["data"])
                if dropping:
                    continue
            elif token["type"] == "EndTag" and token["name"] == "a" and dropping:
                dropping = False
                continue
            yield token


def _comment_link_rel(attrs, new=False):
    """bleach callback: every link a commenter writes is nofollow, ugc and noopener."""
    attrs[(None, "rel")] = COMMENT_REL
    return attrs


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Table cells come out without their alignment styles: the CSP and allowlist drop style.
    md = MarkdownIt("commonmark", {"typographer": True, "maxNesting": MARKDOWN_MAX_NESTING})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(footnote_plugin)
    md.use(container_plugin, name="spoiler", render=_render_spoiler)
    md.core.ruler.push("demote_h1", _demote_h1)
    return md


def _demote_h1(state):
    # The review's title is the page's only <h1>; an author's "# Heading" becomes an <h2>.
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"


def _render_spoiler(renderer, tokens, idx, options, env):
    if tokens[idx].nesting == 1:
        return f'<details class="spoiler"><summary>{SPOILER_SUMMARY}</summary>\n'
    return "</details>\n"


@lru_cache(maxsize=1)
def _article_cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(tags=ARTICLE_TAGS, attributes=_article_attribute_allowed,
                          protocols=LINK_PROTOCOLS, strip=True, strip_comments=True,
                          filters=[DropLinksWithoutHref])


@lru_cache(maxsize=1)
def _comment_cleaner() -> bleach.Cleaner:
    # Linkifying as a filter of the same pass: a separate Linker escapes entities inside
    # <code> a second time, so "x &lt; y" showed as a literal "&lt;".
    linkify = partial(LinkifyFilter, callbacks=[_comment_link_rel], skip_tags={"pre", "code"},
                      parse_email=False)
    return bleach.Cleaner(tags=COMMENT_TAGS, attributes=_comment_attribute_allowed,
                          protocols=LINK_PROTOCOLS, strip=True, strip_comments=True,
                          filters=[DropLinksWithoutHref, linkify])


# Bounds on the work one body may ask of the renderer: its footnote plugin slows down with the
# square of the references (10,000 took ten seconds), and deep nesting costs every later pass.
MARKDOWN_MAX_CHARACTERS = 100_000
MARKDOWN_MAX_FOOTNOTES = 300
MARKDOWN_MAX_NESTING = 20


class MarkdownTooComplex(ValueError):
    """A body that would cost the renderer too much; the message says what to change."""


def check_markdown_budget(source: str) -> None:
    """Refuse, before any parsing, a body longer or with more footnotes than the renderer takes."""
    if len(source) > MARKDOWN_MAX_CHARACTERS:
        raise MarkdownTooComplex(
            f"Keep the review under {MARKDOWN_MAX_CHARACTERS:,} characters.")
    if source.count("[^") > 2 * MARKDOWN_MAX_FOOTNOTES:  # a reference and its definition
        raise MarkdownTooComplex(f"Use at most {MARKDOWN_MAX_FOOTNOTES} footnotes.")


def render_markdown(source: str) -> str:
    """Render an author's Markdown to sanitized HTML, spoilers as collapsed <details> blocks."""
    check_markdown_budget(source or "")
    return _article_cleaner().clean(_markdown().render(source or ""))


def markdown_to_text(source: str) -> str:
    """Plain text of an author's Markdown with spoiler blocks left out (for excerpts and meta)."""
    check_markdown_budget(source or "")
    return _text_of(_markdown().parse(source or ""))


def _text_of(tokens) -> str:
    md = _markdown()
    # Spoilers must never leak; section headings ("Plot", "Our opinion") read badly in prose.
    kept, hidden = [], 0
    for token in tokens:
        if token.type in ("container_spoiler_open", "heading_open"):
            hidden += 1
        elif token.type in ("container_spoiler_close", "heading_close"):
            hidden -= 1
        elif hidden == 0:
            kept.append(token)
    rendered = md.renderer.render(kept, md.options, {})
    # Block ends become spaces so words from adjacent paragraphs do not run together.
    spaced = re.sub(r"</(p|h\d|li|blockquote|td|th)>", " ", rendered)
    text = html.unescape(bleach.clean(spaced, tags=set(), strip=True))
    return " ".join(text.split())


def excerpt(source: str, limit: int = 280) -> str:
    """A spoiler-free plain-text excerpt of at most ``limit`` characters, cut at a word."""
    return _cut(markdown_to_text(source), limit)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"


@dataclass(frozen=True)
class RenderedBody:
    """What is stored from an author's Markdown body: the sanitized HTML readers see, and its
    spoiler-free plain text with the excerpt and the number of words."""

    html: str
    text: str
    excerpt: str
    words: int


def render_body(source: str, excerpt_limit: int = 280) -> RenderedBody:
    """Parse a review's body once, and give its HTML, plain text, excerpt and word count."""
    source = source or ""
    check_markdown_budget(source)
    md, env = _markdown(), {}
    tokens = md.parse(source, env)
    text = _text_of(tokens)
    body_html = _article_cleaner().clean(md.renderer.render(tokens, md.options, env))
    return RenderedBody(body_html, text, _cut(text, excerpt_limit), len(text.split()))


def clean_comment(source: str) -> str:
    """Turn a comment as typed into stored HTML: paragraphs, allowlisted tags, safe links."""
    source = HIDDEN_CONTENT.sub("", (source or "").replace("\r\n", "\n").replace("\r", "\n"))
    source = BREAK_AFTER_BLOCK.sub(r"\1", BREAK_BEFORE_BLOCK.sub("", source))
    paragraphs = [chunk.strip() for chunk in re.split(r"\n\s*\n", source.strip())]
    wrapped = "".join(
        f"<p>{chunk.replace(chr(10), '<br>')}</p>" for chunk in paragraphs if chunk)
    # A typed block element closes the paragraph around it, leaving empty <p></p> behind.
    return EMPTY_PARAGRAPH.sub("", _comment_cleaner().clean(wrapped))


def count_links(cleaned_html: str) -> int:
    """How many links a cleaned fragment holds (a comment with many is held for moderation)."""
    return cleaned_html.count("<a ")


def comment_text(cleaned_html: str) -> str:
    """A stored comment as plain text with its paragraphs and line breaks, for emails."""
    spaced = re.sub(r"<br>", "\n", cleaned_html or "")
    spaced = re.sub(r"</(p|blockquote|pre|ul|ol)>", "\n\n", spaced)
    spaced = re.sub(r"</li>", "\n", spaced)
    return re.sub(r"\n{3,}", "\n\n", plain_text(spaced)).strip()


def plain_text(markup: str) -> str:
    """Strip every tag from a fragment, e.g. for a title attribute or a feed summary."""
    return html.unescape(bleach.clean(markup or "", tags=set(), strip=True))


SPOILER_OPEN = re.compile(r'<details\b[^>]*\bclass="[^"]*\bspoiler\b[^"]*"[^>]*>')
DETAILS_TAG = re.compile(r"<(/?)details\b[^>]*>")
ROOT_RELATIVE = re.compile(r'(\s(?:href|src))="/(?!/)')


def without_spoilers(body_html: str) -> str:
    """Stored review HTML with every spoiler block (nested <details> and all) cut out."""
    kept, position = [], 0
    while (start := SPOILER_OPEN.search(body_html, position)) is not None:
        kept.append(body_html[position:start.start()])
        depth, position = 1, start.end()
        while depth and (tag := DETAILS_TAG.search(body_html, position)) is not None:
            depth += -1 if tag.group(1) else 1
            position = tag.end()
        if depth:  # never closed: everything after the opening tag is spoiler
            position = len(body_html)
    kept.append(body_html[position:])
    return "".join(kept)


def feed_html(body_html: str, site_url: str) -> str:
    """A review body for feed readers: spoilers left out, site-relative links made absolute."""
    return ROOT_RELATIVE.sub(rf'\1="{site_url}/', without_spoilers(body_html))
