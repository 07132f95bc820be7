"""``make bench``: how fast the blog is at several sizes, and whether writes survive crashes.

- ``python -m bench.http`` serves generated sites (1k and 100k reviews, SQLite and PostgreSQL)
  through gunicorn beside a static page and a one-query Flask page, and prints per page
  requests/s, p50/p99, worker CPU and SQL statements per request, ratios to the yardsticks,
  the growth from the smallest to the largest size, and worker memory.
- ``python -m bench.writes`` posts comments from concurrent writers while a gunicorn worker and
  then its master are killed, and checks that every acknowledged comment is stored once.
- ``python -m bench`` measures the pages in-process (Flask's test client) with query plans.

Generated sites are built by ``bench.data`` through ``bench.loader`` and cached by
``bench.sites``, keyed by size and schema revision. The benchmarks measure; they do not pass or
fail, except ``bench.writes``, whose check is the point.
"""
