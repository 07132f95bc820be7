"""The page cache's hit path: stored pages answered in front of Flask, precompressed."""
from __future__ import annotations

import gzip

import brotli
import pytest


REVIEW = "/reviews/the-third-man"
# Headers that belong to one answer, not to the page.
PER_ANSWER = {"X-Page-Cache", "Date"}


def decoded(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    body = response.get_data()
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        return brotli.decompress(body)
    assert encoding is None, encoding
    return body


@pytest.mark.parametrize("path", [REVIEW, "/", "/tags/noir", "/feed.atom"])
@pytest.mark.parametrize("stored_by", ["br", "gzip", None])
def test_every_encoding_of_a_stored_page_decodes_to_the_same_page(client, site, path,
                                                                   stored_by):
    first = client.get(path, headers={"Accept-Encoding": stored_by} if stored_by else {})
    assert first.headers["X-Page-Cache"] == "miss"
    plain = decoded(first)
    for accept, expected in [("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br", "br"),
                             ("br;q=0.5, gzip", "gzip"), ("br;q=0, gzip;q=0", None),
                             ("", None), ("*", "br")]:
        hit = client.get(path, headers={"Accept-Encoding": accept} if accept else {})
        assert hit.headers["X-Page-Cache"] == "hit"
        assert hit.headers.get("Content-Encoding") == expected, accept
        assert decoded(hit) == plain, accept
        assert int(hit.headers["Content-Length"]) == len(hit.get_data())


@pytest.mark.parametrize("accept", ["br", "gzip", None])
def test_a_hit_sends_the_headers_a_fresh_page_sends(client, site, accept):
    headers = {"Accept-Encoding": accept} if accept else {}
    miss = client.get(REVIEW, headers=headers)
    hit = client.get(REVIEW, headers=headers)
    assert (miss.headers["X-Page-Cache"], hit.headers["X-Page-Cache"]) == ("miss", "hit")
    assert sorted((k, v) for k, v in miss.headers.items() if k not in PER_ANSWER) == sorted(
        (k, v) for k, v in hit.headers.items() if k not in PER_ANSWER)


def test_validators_differ_by_encoding_and_answer_304(client, site):
    client.get(REVIEW)
    plain = client.get(REVIEW)
    packed = client.get(REVIEW, headers={"Accept-Encoding": "gzip"})
    assert plain.headers["ETag"] != packed.headers["ETag"]
    again = client.get(REVIEW, headers={"Accept-Encoding": "gzip",
                                        "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304 and again.headers["X-Page-Cache"] == "hit"
    assert again.get_data() == b""
    other = client.get(REVIEW, headers={"If-None-Match": packed.headers["ETag"]})
    assert other.status_code == 200 and decoded(other) == decoded(packed)
    since = client.get(REVIEW, headers={"If-Modified-Since": plain.headers["Last-Modified"]})
    assert since.status_code == 304


def test_a_hit_runs_no_sql_and_sets_no_cookie(client, site, count_queries):
    client.get(REVIEW)
    with count_queries() as statements:
        hit = client.get(REVIEW, headers={"Accept-Encoding": "br"})
    assert hit.headers["X-Page-Cache"] == "hit"
    assert statements == []
    assert "Set-Cookie" not in hit.headers


@pytest.mark.parametrize("path", [REVIEW, "/", "/tags/noir"])
def test_a_hit_asks_the_cache_once(client, site, path, monkeypatch):
    # A review's page also follows its own activity generation: read with the page, in the
    # same call (a second round trip to Redis on every hit, before).
    from blog.extensions import cache

    client.get(path)
    assert client.get(path).headers["X-Page-Cache"] == "hit"
    backend = client.application.extensions["cache"][cache]
    calls, inside = [], []

    def counted(name, method):
        def call(*args):
            if not inside:  # an in-process get_many calls get per key: one call still
                calls.append(name)
            inside.append(name)
            try:
                return method(*args)
            finally:
                inside.pop()
        return call

    for name in ("get", "get_many", "has"):
        monkeypatch.setattr(backend, name, counted(name, getattr(backend, name)))
    assert client.get(path).headers["X-Page-Cache"] == "hit"
    assert calls == ["get_many"]


def test_head_of_a_stored_page_has_no_body(client, site):
    client.get(REVIEW)
    head = client.head(REVIEW, headers={"Accept-Encoding": "gzip"})
    assert head.headers["X-Page-Cache"] == "hit" and head.get_data() == b""
    assert int(head.headers["Content-Length"]) > 0


@pytest.mark.parametrize("cookie", ["session", "remember_token"])
def test_a_signed_in_cookie_never_gets_a_stored_page(client, site, cookie):
    client.get(REVIEW)
    assert client.get(REVIEW).headers["X-Page-Cache"] == "hit"
    client.set_cookie(cookie, "anything", domain="blog.test")
    assert client.get(REVIEW, headers={"Accept-Encoding": "br"}).headers.get(
        "X-Page-Cache") is None


def test_a_signed_in_reader_is_never_served_a_stored_page(client, auth, site):
    anonymous = client.application.test_client()
    anonymous.get(REVIEW)
    assert anonymous.get(REVIEW).headers["X-Page-Cache"] == "hit"
    auth.login("reader1")
    for accept in ("br", "gzip", ""):
        response = client.get(REVIEW, headers={"Accept-Encoding": accept})
        assert response.headers.get("X-Page-Cache") is None
        assert "Log out" in decoded(response).decode()
        assert response.headers["Cache-Control"] == "private, no-store"


def test_an_unknown_host_is_refused_even_when_the_page_is_stored(client, site):
    client.get(REVIEW)
    assert client.get(REVIEW).headers["X-Page-Cache"] == "hit"
    refused = client.get(REVIEW, headers={"Host": "evil.example"})
    assert refused.status_code == 400


def test_a_stripped_argument_still_finds_the_stored_page(client, site):
    client.get("/?page=1")
    response = client.get("/?page=1%01")
    assert response.status_code == 200 and response.headers["X-Page-Cache"] == "hit"
