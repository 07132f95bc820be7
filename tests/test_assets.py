"""Static files under fingerprinted names, and responses compressed where the client asks."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest

from tests import factories

STATIC = Path(__file__).resolve().parent.parent / "static"
STATIC_URL = re.compile(r'(?:href|src)="(/static/[^"]+)"')
FINGERPRINT = re.compile(r"^/static/.+\.[0-9a-f]{12}\.[a-z]+$")


@pytest.fixture
def published(ctx, users):
    return factories.review("Heat", slug="heat", author=users["author"])


@pytest.mark.parametrize("path", ["/", "/reviews/heat", "/tags/", "/about", "/auth/login",
                                  "/no-such-page"])
def test_every_static_url_is_fingerprinted(client, published, path):
    urls = STATIC_URL.findall(client.get(path).get_data(as_text=True))
    assert len(urls) >= 3  # stylesheet, icon, script
    assert [url for url in urls if not FINGERPRINT.match(url)] == []


def test_a_fingerprinted_file_is_immutable_for_a_year(client):
    html = client.get("/about").get_data(as_text=True)
    (stylesheet,) = [url for url in STATIC_URL.findall(html) if "/css/site." in url]
    response = client.get(stylesheet)
    assert response.status_code == 200
    assert response.get_data() == (STATIC / "css" / "site.css").read_bytes()
    assert response.cache_control.immutable and response.cache_control.max_age == 31_536_000
    response.close()


def test_each_kind_of_page_links_its_stylesheets(client, published):
    def sheets(path):
        return sorted(url.rsplit("/", 1)[1].split(".")[0]
                      for url in STATIC_URL.findall(client.get(path).get_data(as_text=True))
                      if url.endswith(".css"))

    assert sheets("/") == ["site"]
    assert sheets("/about") == ["reader", "site"]
    assert sheets(f"/reviews/{published.slug}") == ["reader", "site"]
    for name in ("site", "reader", "studio"):
        response = client.get(f"/static/css/{name}.css")
        assert response.status_code == 200 and response.get_data() == (
            STATIC / "css" / f"{name}.css").read_bytes()
        response.close()


def test_plain_and_stale_names(client):
    plain = client.get("/static/css/site.css")
    assert plain.status_code == 200 and not plain.cache_control.immutable
    plain.close()
    assert client.get("/static/css/site.0123456789ab.css").status_code == 404


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress),
                                              ("gzip", gzip.decompress)])
@pytest.mark.parametrize("path", ["/", "/reviews/heat", "/reviews/heat/comments.atom"])
def test_compressed_answers_decode_to_the_plain_ones(client, published, encoding, decode, path):
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": encoding})
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.get_data()) < len(plain.get_data())
    assert decode(packed.get_data()) == strip_tokens(plain.get_data(), packed.get_data(), decode)


def strip_tokens(plain: bytes, packed: bytes, decode) -> bytes:
    """The plain body, with the per-request form timing token taken from the packed one."""
    token = re.compile(rb'name="started" type="hidden" value="[^"]*"')
    unpacked = decode(packed)
    found = token.search(unpacked)
    return token.sub(found.group(0), plain) if found else plain


def test_uploads_are_immutable(client, app):
    folder = Path(app.config["UPLOAD_FOLDER"], "posters")
    folder.mkdir(parents=True)
    (folder / "heat-1a2b3c4d.webp").write_bytes(b"RIFF....WEBP")
    response = client.get("/media/posters/heat-1a2b3c4d.webp")
    assert response.status_code == 200 and response.cache_control.immutable
    response.close()


def test_static_files_are_compressed_and_closed(client):
    html = client.get("/about").get_data(as_text=True)
    (stylesheet,) = [url for url in STATIC_URL.findall(html) if "/css/site." in url]
    response = client.get(stylesheet, headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.get_data()) == (STATIC / "css" / "site.css").read_bytes()
    response.close()  # warnings are errors: a file left open would fail the test
