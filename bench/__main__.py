"""``python -m bench``: build a site at each size, measure the public pages, print the report."""
from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

from bench import data, databases, measure, report
from blog.extensions import db


def parse_args(argv=None) -> argparse.Namespace:
    """The command line: sizes, comment density, request counts, and an optional PostgreSQL."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="1000,20000",
                        help="comma-separated review counts (default: 1000,20000)")
    parser.add_argument("--comments-per-review", type=float, default=10,
                        help="average approved comments per review (default: 10)")
    parser.add_argument("--requests", type=int, default=30,
                        help="timed requests per page (default: 30)")
    parser.add_argument("--warmups", type=int, default=3,
                        help="untimed requests per page first (default: 3)")
    parser.add_argument("--database-url",
                        help="run on this PostgreSQL database (created if missing, tables reset)")
    parser.add_argument("--analyze", action="store_true",
                        help="run ANALYZE after loading SQLite (PostgreSQL always is)")
    parser.add_argument("--explain", action="store_true",
                        help="print query plans for every page, not only those that grew")
    parser.add_argument("--app-cache", action="store_true",
                        help="measure through an in-process SimpleCache (default: no cache, "
                             "the cost after every invalidation)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the SQLite files (their folder is printed) for a closer look")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args(argv)
    args.sizes = sorted({int(size.replace("_", "")) for size in args.sizes.split(",")})
    return args


def build(size: int, args, workdir: Path):
    """A migrated, filled database for one size: the app, its landmarks and the seconds taken."""
    url = databases.database_for_size(size, workdir, args.database_url)
    app = databases.make_app(url, workdir, args.app_cache)
    started = time.perf_counter()
    databases.prepare_schema(app)
    with app.app_context():
        landmarks = data.generate(size, args.comments_per_review, args.seed)
        db.session.remove()
    databases.sync_sequences(app)
    if args.analyze or args.database_url:
        databases.analyze(app)
    return app, landmarks, time.perf_counter() - started


def run_size(size: int, args, workdir: Path) -> list[measure.PageResult]:
    """Build one size, report how long that took, and measure its pages."""
    print(f"building {size:,} reviews ...", end=" ", flush=True)
    app, landmarks, seconds = build(size, args, workdir)
    print(f"{landmarks.comments:,} comments; top person on {landmarks.person_films} films; "
          f"data generation took {seconds:.1f} s", flush=True)
    started = time.perf_counter()
    results = measure.measure_site(app, landmarks, size, args.requests, args.warmups)
    print(f"  measured {len(results)} pages in {time.perf_counter() - started:.1f} s", flush=True)
    databases.dispose(app)
    return results


@contextlib.contextmanager
def workdir(keep: bool):
    """A temporary folder for the databases, removed afterwards unless asked to keep it."""
    if keep:
        path = Path(tempfile.mkdtemp(prefix="blog-bench-"))
        print(f"keeping the databases in {path}")
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="blog-bench-") as tmp:
        yield Path(tmp)


def main(argv=None) -> int:
    """Run the benchmark; always 0 unless something crashes, since it measures, not tests."""
    args = parse_args(argv)
    started = time.perf_counter()
    backend = args.database_url or "SQLite (temporary files)"
    backend += "; SimpleCache" if args.app_cache else "; no cache"
    print(f"bench: {backend}; sizes {', '.join(f'{s:,}' for s in args.sizes)}; "
          f"~{args.comments_per_review:g} comments/review; "
          f"{args.requests} timed requests after {args.warmups} warm-ups", flush=True)
    if args.database_url:
        databases.ensure_postgres_database(args.database_url)
    results = []
    with workdir(args.keep) as tmp:
        for size in args.sizes:
            results += run_size(size, args, tmp)
    report.print_report(results, explain_all=args.explain)
    print(f"\ntotal time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
