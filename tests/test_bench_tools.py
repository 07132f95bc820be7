"""The benchmark's own parts: wrk's report read right, and generated sites that hold what the
benchmark's pages are named after (a 20- and a 500-comment review, a tag on half the reviews),
loaded by executemany on SQLite and by COPY on PostgreSQL."""
from __future__ import annotations

import math

import pytest
import sqlalchemy as sa

from bench import http, sites
from tests.conftest import postgres_server, require_service

WRK_REPORT = """\
Running 5s test @ http://127.0.0.1:8080/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.94ms    1.20ms  20.01ms   80.00%
    Req/Sec     1.02k   100.00     1.20k    70.00%
  Latency Distribution
     50%  812.00us
     75%    4.50ms
     90%    5.20ms
     99%    1.20s
  10200 requests in 5.00s, 1.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   2040.00
Transfer/sec:    200.00KB
"""


def test_wrk_report_is_read_with_its_units():
    sample, total = http.parse_wrk(WRK_REPORT, used=5.1)
    assert total == 10200 and sample.rate == 2040.0 and sample.errors == 3
    assert sample.p50_ms == pytest.approx(0.812) and sample.p99_ms == pytest.approx(1200.0)
    assert sample.cpu_ms == pytest.approx(0.5)


def test_a_run_without_answers_has_no_cpu_per_request():
    sample, total = http.parse_wrk("Running 5s test\n  0 requests in 5.00s, 0B read\n"
                                   "Requests/sec:      0.00\n", used=0.2)
    assert total == 0 and sample.rate == 0.0 and math.isnan(sample.cpu_ms)


def check_site(site: sites.Site, size: int) -> None:
    url = site.url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        def scalar(sql: str, **params):
            return connection.execute(sa.text(sql), params).scalar()

        comments_on = ("SELECT count(*) FROM comments c JOIN reviews r ON r.id = c.review_id "
                       "WHERE r.slug = :slug")
        assert scalar(comments_on, slug=site.landmarks.twenty_slug) == 20
        assert scalar(comments_on, slug=site.landmarks.thread_slug) == 500
        assert scalar("SELECT count(*) FROM reviews") == size
        assert scalar("SELECT count(*) FROM search_documents") == size
        assert scalar("SELECT count(*) FROM review_tags rt JOIN tags t ON t.id = rt.tag_id "
                      "WHERE t.slug = :slug", slug=site.landmarks.popular_tag) == size // 2
        assert scalar("SELECT count(*) FROM comments") == site.landmarks.comments
        assert scalar("SELECT count(*) FROM users WHERE username = :name AND password_hash "
                      "<> 'bench:not-a-hash'", name=site.readers[0]) == 1
        assert scalar("SELECT count(*) FROM tags WHERE name_key = 'drama'") == 1
    engine.dispose()


def test_a_sqlite_site_is_built_once_and_then_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOG_BENCH_CACHE", str(tmp_path))
    built = sites.site("sqlite", 80)
    assert built.built_seconds is not None
    check_site(built, 80)
    again = sites.site("sqlite", 80)
    assert again.built_seconds is None and again.url == built.url
    assert again.landmarks == built.landmarks


def test_a_postgres_site_is_loaded_with_copy_and_reused():
    server = postgres_server()
    require_service(server is not None, "PostgreSQL")
    built = sites.site("postgres", 80, server, fresh=True)
    try:
        check_site(built, 80)
        assert sites.site("postgres", 80, server).built_seconds is None
    finally:
        import psycopg

        url = sa.engine.make_url(built.url)
        with psycopg.connect(**sites.admin_params(url), autocommit=True) as connection:
            connection.execute("DROP DATABASE IF EXISTS blog_bench_80 WITH (FORCE)")
