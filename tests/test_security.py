"""Security headers, the same-site redirect check, and trailer link parsing."""
import pytest

from blog.security import is_safe_path
from blog.trailers import parse_trailer


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-src https://www.youtube-nocookie.com https://player.vimeo.com" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # the test site is http


def test_templates_have_no_inline_script_or_style(client, ctx, users):
    from tests import factories
    factories.review("Plain", author=users["author"], slug="plain")
    for path in ("/", "/reviews/plain", "/auth/login", "/tags/", "/nope"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and "<style" not in html
        assert "onclick" not in html.lower()


@pytest.mark.parametrize("target, safe", [
    ("/", True), ("/reviews/x?y=1#c", True), ("", False), (None, False),
    ("//evil.example", False), ("https://evil.example", False), ("/\\evil.example", False),
    ("\\\\evil", False), ("javascript:alert(1)", False), ("/ok\r\nSet-Cookie: x", False),
    ("reviews/x", False),
])
def test_is_safe_path(target, safe):
    assert is_safe_path(target) is safe


@pytest.mark.parametrize("url, embed", [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
    ("https://youtu.be/dQw4w9WgXcQ",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
    ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
    ("https://evil.example/watch?v=dQw4w9WgXcQ", None),
    ("javascript:alert(1)//youtube.com", None),
    ("https://www.youtube.com/watch?v=short", None),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ\"onload=", None),
    ("", None),
])
def test_trailer_links(url, embed):
    trailer = parse_trailer(url)
    assert (trailer.embed_url if trailer else None) == embed
