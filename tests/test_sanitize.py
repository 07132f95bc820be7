"""sanitize.py: Markdown for authors, a small allowlist for commenters, both at write time."""
import pytest

from blog import sanitize


def test_markdown_renders_sections_spoilers_tables_and_footnotes():
    html = sanitize.render_markdown(
        "# Plot\n\nA *fine* film[^1].\n\n::: spoiler\nHe was a ghost.\n:::\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: A footnote.")
    assert "<h2>Plot</h2>" in html  # the page's <h1> is the title
    assert "<em>fine</em>" in html
    assert '<details class="spoiler"><summary>' in html and "He was a ghost." in html
    assert "<table>" in html and 'class="footnotes"' in html


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"></svg>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div id="login-form" class="site-header">clobber</div>',
])
def test_markdown_never_keeps_executable_or_page_breaking_markup(payload):
    html = sanitize.render_markdown(payload).lower()
    # Harmless leftovers may stay as text; nothing may stay as markup or a live link.
    for bad in ("<script", "onerror=", 'href="javascript', "<iframe", "<svg", "onload=", "style=",
                'id="login-form"', 'class="site-header"'):
        assert bad not in html


def test_excerpt_leaves_spoilers_out_and_cuts_at_a_word():
    source = "Opening words here.\n\n::: spoiler\nThe twist.\n:::\n\n" + "word " * 100
    text = sanitize.excerpt(source, limit=60)
    assert "twist" not in text
    assert text.startswith("Opening words here. word")
    assert text.endswith("…") and len(text) <= 61


def test_comment_keeps_light_formatting_and_linkifies_with_rel():
    html = sanitize.clean_comment("I <em>loved</em> it.\nSee https://example.com/x\n\n"
                                  "<blockquote>Quote</blockquote>")
    assert "<p>I <em>loved</em> it.<br>" in html
    assert '<a href="https://example.com/x" rel="nofollow ugc noopener">' in html
    assert "<blockquote>Quote</blockquote>" in html


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)" onclick="x()">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>',
    "<img src=x onerror=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<h1>Shouting</h1><table><tr><td>x",
    '<a href="https://ok.example" rel="follow" target="_blank">ok</a>',
])
def test_comment_payloads_are_defused(payload):
    html = sanitize.clean_comment(payload).lower()
    for bad in ("<script", "javascript:", "data:", "onerror", "onclick", "<img", "<svg",
                "<h1", "<table", "target=", 'rel="follow"'):
        assert bad not in html


def test_comment_block_quote_leaves_no_empty_paragraphs():
    html = sanitize.clean_comment("<blockquote>Round up the usual suspects.</blockquote>")
    assert html == "<blockquote>Round up the usual suspects.</blockquote>"


def test_excerpt_leaves_section_headings_out():
    assert sanitize.excerpt("## Plot\n\nA man returns.\n\n## Our opinion\n\nSee it.") == (
        "A man returns. See it.")


@pytest.mark.parametrize("source, kept, gone", [
    ("Before.\n\n::: spoiler\nHe *dies*.\n:::\n\nAfter.", ["Before.", "After."],
     ["dies", "Spoiler", "<details"]),
    ('Before.\n\n<details class="spoiler"><details><summary>x</summary>inner</details>'
     "outer</details>\n\nAfter.", ["Before.", "After."], ["inner", "outer"]),
    ('Before.\n\n<details class="spoiler">never closed', ["Before."], ["never closed"]),
    ("Before.\n\n<details><summary>Credits</summary>Not a spoiler</details>",
     ["Before.", "Not a spoiler"], []),
])
def test_feed_html_leaves_spoiler_blocks_out(source, kept, gone):
    html = sanitize.feed_html(sanitize.render_markdown(source), "https://films.example")
    for text in kept:
        assert text in html
    for text in gone:
        assert text not in html


def test_feed_html_makes_site_links_absolute():
    html = sanitize.feed_html(sanitize.render_markdown(
        "[a](/reviews/x) ![p](/media/p.jpg) [b](https://other.example/y) [c](//cdn.example/z)"),
        "https://films.example")
    assert 'href="https://films.example/reviews/x"' in html
    assert 'src="https://films.example/media/p.jpg"' in html
    assert 'href="https://other.example/y"' in html and 'href="//cdn.example/z"' in html
