"""Post bodies to Markdown, and what a post says about its film: one rule per test."""
import pytest

from blog import sanitize
from blog.wordpress.body import film_from_title, film_links, find_trailer, to_markdown, uploads_path


@pytest.mark.parametrize("title, expected", [
    ("Ballerina (2023)", ("Ballerina", 2023)),
    ("Ballerina (2023) Review", ("Ballerina", 2023)),
    ("Ballerina (2023) – film review", ("Ballerina", 2023)),
    ("The Thing (1982)", ("The Thing", 1982)),
    ("Ballerina", ("Ballerina", None)),
    ("Top 10 of (2023) and more", ("Top 10 of (2023) and more", None)),
    ("Blade Runner 2049", ("Blade Runner 2049", None)),
])
def test_film_title_and_year_only_from_what_the_title_says(title, expected):
    assert film_from_title(title) == expected


def test_film_links_from_imdb_rotten_tomatoes_and_letterboxd():
    hints = film_links('<a href="https://www.imdb.com/title/tt0084787/">IMDb</a> '
                       'https://www.rottentomatoes.com/m/the_thing/reviews '
                       '<a href="https://letterboxd.com/film/the-thing/">lb</a>')
    assert hints.imdb_id == "tt0084787"
    assert hints.rotten_tomatoes_url == "https://www.rottentomatoes.com/m/the_thing"
    assert hints.letterboxd_url == "https://letterboxd.com/film/the-thing/"
    assert film_links("<p>No links at all, just imdb.com.</p>").imdb_id is None


@pytest.mark.parametrize("content, trailer", [
    ("Intro\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nMore", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ('<!-- wp:embed {"url":"https://vimeo.com/123456","type":"video"} -->\n<figure>https://vimeo.com/123456</figure>\n<!-- /wp:embed -->', "https://vimeo.com/123456"),
    ("[embed]https://youtu.be/dQw4w9WgXcQ[/embed]", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ('<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>', "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("Watch https://www.youtube.com/watch?v=dQw4w9WgXcQ in a sentence.", ""),
    ("https://example.com/video", ""),
])
def test_trailer_only_from_an_embed(content, trailer):
    assert find_trailer(content) == trailer


def test_the_trailer_embed_leaves_the_body():
    converted = to_markdown("Intro\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nOutro")
    assert "youtube" not in converted.markdown and converted.markdown == "Intro\n\nOutro"
    assert converted.hints.trailer_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_classic_paragraphs_from_blank_lines_and_breaks_from_single_newlines():
    converted = to_markdown("One line\nsame paragraph\n\nSecond paragraph")
    html = sanitize.render_markdown(converted.markdown)
    assert html.count("<p>") == 2 and "<br" in html


def test_pre_keeps_its_blank_lines():
    converted = to_markdown("Before\n\n<pre>a\n\nb</pre>\n\nAfter")
    assert "a\n\nb" in converted.markdown


def test_gutenberg_block_comments_go_and_their_html_stays():
    converted = to_markdown("<!-- wp:paragraph -->\n<p>Block <em>text</em></p>\n"
                            "<!-- /wp:paragraph -->\n\n<!-- wp:heading -->\n<h2>Plot</h2>\n"
                            "<!-- /wp:heading -->")
    assert converted.markdown == "Block *text*\n\n## Plot"


def test_more_is_dropped_and_nextpage_becomes_a_rule():
    converted = to_markdown("Teaser\n\n<!--more-->\n\nPage one\n\n<!--nextpage-->\n\nPage two")
    assert "more" not in converted.markdown
    assert "---" in converted.markdown and "Page two" in converted.markdown


def test_caption_becomes_a_picture_with_its_caption():
    converted = to_markdown(
        '[caption id="attachment_1" align="alignnone" width="300"]<img src="https://old/wp-content/'
        'uploads/2020/01/a.jpg" alt="A still"> Ripley in the vents[/caption]',
        image_url=lambda url: "/media/inline/a.webp")
    assert "![A still](/media/inline/a.webp)" in converted.markdown
    assert "Ripley in the vents" in converted.markdown


def test_gallery_lists_its_attachments():
    converted = to_markdown('[gallery ids="7,8"]', attachments={
        "7": "https://old/wp-content/uploads/a.jpg", "8": "https://old/wp-content/uploads/b.jpg"},
        image_url=lambda url: "/media/inline/" + url.rsplit("/", 1)[-1])
    assert converted.markdown.count("![") == 2


def test_an_image_not_in_the_uploads_becomes_a_link_and_is_counted():
    converted = to_markdown('<img src="https://old/wp-content/uploads/x.jpg" alt="Poster">')
    assert converted.markdown == "[Poster](https://old/wp-content/uploads/x.jpg)"
    assert converted.missing_images == 1


def test_video_and_audio_shortcodes_become_links():
    converted = to_markdown('[video mp4="https://old/v.mp4"][/video]\n\n[audio mp3="https://old/a.mp3"]')
    assert "[Video: https://old/v.mp4](https://old/v.mp4)" in converted.markdown
    assert "Audio: https://old/a.mp3" in converted.markdown


def test_unknown_shortcodes_are_kept_as_text_and_reported():
    converted = to_markdown('[contact-form to="me"]Write[/contact-form] and [sic] stays.')
    assert '[contact-form to="me"]Write[/contact-form]' in converted.markdown
    assert converted.unknown_shortcodes == ["contact-form"]


def test_escaped_shortcode_is_literal():
    assert to_markdown("Type [[gallery]] to show one.").markdown == "Type [gallery] to show one."


@pytest.mark.parametrize("hostile", [
    '<script>alert(1)</script>', '<p onclick="alert(1)">Click</p>',
    '<iframe src="https://evil.example/"></iframe>', '<object data="x.swf">alert(1)</object>',
    '<a href="javascript:alert(1)">link</a>', '<img src="x" onerror="alert(1)">',
    '<style>body{}</style>',
])
def test_scripts_iframes_and_handlers_never_survive(hostile):
    html = sanitize.render_markdown(to_markdown(hostile).markdown)
    for trace in ("<script", "alert(1)", "onclick", "onerror", "<iframe", "javascript:",
                  "<object", "body{}"):
        assert trace not in html


def test_uploads_paths():
    assert uploads_path("https://old/wp-content/uploads/2013/03/a.jpg") == "2013/03/a.jpg"
    assert uploads_path("https://blog.files.wordpress.com/files/2013/03/a.jpg") == "2013/03/a.jpg"
    assert uploads_path("https://old/images/a.jpg") is None
