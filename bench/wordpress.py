"""``python -m bench.wordpress``: import speed and peak memory on a generated WordPress export.

It writes a WXR file shaped like a real critic's WordPress site (``--posts`` posts titled "Film
(Year) Review", Gutenberg and classic bodies with IMDb links and a YouTube line, categories and
tags, threaded guest comments with a few pending, spam and pingbacks, a page or two), then imports
it into an empty SQLite (or the given PostgreSQL) database in a child process, so the peak memory
measured there is the import's alone: posts per second, the child's peak resident memory above
what it held before the import, and, with ``--tracemalloc``, the peak of Python's own allocations
(which slows the import down, so it is off by default).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import IO

from bench import text

SITE = "https://critic.example"
AUTHORS = ("nell", "otto", "rui")
THEMES = [f"theme-{n}" for n in range(1, 41)]
GUESTS = ["Ann", "Bo", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "June"]
START = datetime(2012, 1, 1, 9, 0, tzinfo=timezone.utc)

BODY_BLOCKS = """<!-- wp:paragraph -->
<p>The first shot of <em>{title}</em> holds for almost a minute, and by the time the camera moves
you already know whose story this is. It is a patient film, and it asks the same of us.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2>What works</h2>
<!-- /wp:heading -->

<!-- wp:list -->
<ul><li>The long takes, which let scenes breathe.</li><li>A score used sparingly.</li></ul>
<!-- /wp:list -->

<!-- wp:more -->
<!--more-->
<!-- /wp:more -->

<!-- wp:paragraph -->
<p>The middle stretch sags, but the last scene lands. More on
<a href="https://www.imdb.com/title/tt{imdb:07d}/">IMDb</a>.</p>
<!-- /wp:paragraph -->

<!-- wp:embed {{"url":"https://www.youtube.com/watch?v=dQw4w9WgXc{n}","type":"video"}} -->
<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=dQw4w9WgXc{n}
</div></figure>
<!-- /wp:embed -->"""

BODY_CLASSIC = """The first shot of <em>{title}</em> holds for almost a minute.

It is a patient film, and it asks the same of us. [caption id="" align="alignnone" width="300"]<img src="{site}/wp-content/uploads/still-{n}.jpg" alt="A still" width="300" height="200" /> A still[/caption]

https://www.youtube.com/watch?v=dQw4w9WgXc{n}

See it on <a href="https://letterboxd.com/film/film-{n}/">Letterboxd</a>."""


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.wordpress", description=__doc__)
    parser.add_argument("--posts", type=int, default=10_000,
                        help="posts in the generated export (default: 10,000)")
    parser.add_argument("--comments-per-post", type=float, default=8,
                        help="average comments per post (default: 8)")
    parser.add_argument("--database-url",
                        help="import into this PostgreSQL database (tables reset)")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also measure Python's peak allocations (slower import)")
    parser.add_argument("--generate-only", metavar="FILE",
                        help="write the export to FILE and stop")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument("--child", metavar="FILE", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def generate_wxr(out: IO, posts: int, comments_per_post: float = 8, seed: int = 1) -> dict:
    """Write a WordPress-like export with ``posts`` posts to ``out``; return what it holds."""
    from blog.wordpress.writer import NAMESPACES, WxrWriter, write_meta

    rng = random.Random(seed)
    writer = WxrWriter(out)
    writer.xml.startDocument()
    writer.start("rss", {"version": "2.0",
                         **{f"xmlns:{prefix}": uri for prefix, uri in NAMESPACES.items()}})
    writer.start("channel")
    for name, value in (("title", "A Critic's Notebook"), ("link", SITE),
                        ("description", "Films, slowly"), ("language", "en-GB"),
                        ("wp:wxr_version", "1.2"), ("wp:base_site_url", SITE),
                        ("wp:base_blog_url", SITE)):
        writer.text(name, value)
    for number, login in enumerate(AUTHORS, start=1):
        writer.start("wp:author")
        writer.text("wp:author_id", number)
        writer.text("wp:author_login", login)
        writer.text("wp:author_email", f"{login}@critic.example")
        writer.text("wp:author_display_name", login.title())
        writer.end("wp:author")
    for number, genre in enumerate(text.GENRES, start=1):
        writer.start("wp:category")
        writer.text("wp:term_id", number)
        writer.text("wp:category_nicename", genre.lower().replace(" ", "-"))
        writer.text("wp:category_parent", "")
        writer.text("wp:cat_name", genre)
        writer.end("wp:category")
    for number, tag in enumerate(text.DECADES + THEMES, start=100):
        writer.start("wp:tag")
        writer.text("wp:term_id", number)
        writer.text("wp:tag_slug", tag)
        writer.text("wp:tag_name", tag)
        writer.end("wp:tag")
    counts = {"posts": posts, "pages": 2, "comments": 0}
    comment_id = 0
    for n in range(1, posts + 1):
        comment_id, made = write_post(writer, write_meta, rng, n, comment_id, comments_per_post)
        counts["comments"] += made
    for n, slug in enumerate(("about", "contact"), start=posts + 1):
        write_item_head(writer, n, slug.title(), slug, "page", START, "nell")
        writer.end("item")
    writer.end("channel")
    writer.end("rss")
    writer.xml.endDocument()
    return counts


def write_item_head(writer, post_id: int, title: str, slug: str, post_type: str,
                    when: datetime, author: str, content: str = "") -> None:
    """The fields every item has, up to and including the sticky flag."""
    stamp = f"{when:%Y-%m-%d %H:%M:%S}"
    writer.start("item")
    writer.text("title", title)
    writer.text("link", f"{SITE}/{when:%Y/%m/%d}/{slug}/")
    writer.text("pubDate", when.strftime("%a, %d %b %Y %H:%M:%S +0000"))
    writer.text("dc:creator", author)
    writer.text("guid", f"{SITE}/?p={post_id}", {"isPermaLink": "false"})
    writer.text("description", "")
    writer.text("content:encoded", content)
    writer.text("excerpt:encoded", "")
    writer.text("wp:post_id", post_id)
    writer.text("wp:post_date", stamp)
    writer.text("wp:post_date_gmt", stamp)
    writer.text("wp:comment_status", "open")
    writer.text("wp:ping_status", "open")
    writer.text("wp:post_name", slug)
    writer.text("wp:status", "publish")
    writer.text("wp:post_parent", 0)
    writer.text("wp:menu_order", 0)
    writer.text("wp:post_type", post_type)
    writer.text("wp:post_password", "")
    writer.text("wp:is_sticky", 0)


def write_post(writer, write_meta, rng: random.Random, n: int, comment_id: int,
               comments_per_post: float) -> tuple[int, int]:
    """One post with its terms, meta and a threaded conversation; the next comment id."""
    film = text.film_title(rng, n)
    year = rng.randint(1925, 2025)
    template = BODY_BLOCKS if n % 3 else BODY_CLASSIC
    content = template.format(title=film, imdb=n, n=n, site=SITE)
    when = START + timedelta(hours=7 * n)
    slug = f"{film.lower().replace(' ', '-')}-{year}-review"
    write_item_head(writer, n, f"{film} ({year}) Review", slug, "post", when,
                    AUTHORS[n % len(AUTHORS)], content)
    genre = rng.choice(text.GENRES)
    writer.text("category", genre, {"domain": "category",
                                    "nicename": genre.lower().replace(" ", "-")})
    decade = f"{year // 10 * 10}s"
    writer.text("category", decade, {"domain": "post_tag", "nicename": decade})
    for theme in rng.sample(THEMES, 2):
        writer.text("category", theme, {"domain": "post_tag", "nicename": theme})
    write_meta(writer, "wp:postmeta", "_edit_last", "1")
    made = max(0, round(rng.gauss(comments_per_post, comments_per_post / 3)))
    first = comment_id + 1
    for _ in range(made):
        comment_id += 1
        parent = rng.randrange(first, comment_id) if comment_id > first and rng.random() < 0.4 \
            else 0
        write_comment(writer, rng, comment_id, parent, when + timedelta(hours=comment_id - first))
    writer.end("item")
    return comment_id, made


def write_comment(writer, rng: random.Random, comment_id: int, parent: int,
                  when: datetime) -> None:
    """A guest's comment, now and then pending, spam or a pingback."""
    guest = rng.choice(GUESTS)
    roll = rng.random()
    approved = "0" if roll < 0.05 else "spam" if roll < 0.08 else "1"
    kind = "pingback" if 0.08 <= roll < 0.1 else "comment"
    stamp = f"{when:%Y-%m-%d %H:%M:%S}"
    writer.start("wp:comment")
    writer.text("wp:comment_id", comment_id)
    writer.text("wp:comment_author", guest)
    writer.text("wp:comment_author_email", f"{guest.lower()}{comment_id % 97}@example.invalid")
    writer.text("wp:comment_author_url", "")
    writer.text("wp:comment_author_IP", "192.0.2.1")
    writer.text("wp:comment_date", stamp)
    writer.text("wp:comment_date_gmt", stamp)
    writer.text("wp:comment_content", rng.choice(text.COMMENT_SOURCES))
    writer.text("wp:comment_approved", approved)
    writer.text("wp:comment_type", kind)
    writer.text("wp:comment_parent", parent)
    writer.text("wp:comment_user_id", 0)
    writer.end("wp:comment")


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_import(path: Path, database_url: str, use_tracemalloc: bool) -> dict:
    """Import ``path`` into an empty database in this process; its speed and memory."""
    import tracemalloc

    import sqlalchemy as sa

    from bench import databases
    from blog.database import writing
    from blog.extensions import db
    from blog.models import Comment, Review

    try:
        from blog.wordpress.importer import import_wordpress
    except ImportError as error:
        return {"error": f"the importer is not available on this branch ({error})"}
    workdir = path.parent
    app = databases.make_app(database_url, workdir)
    databases.prepare_schema(app)
    with app.app_context():
        before = peak_rss_mb()
        if use_tracemalloc:
            tracemalloc.start()
        started, cpu_started = time.perf_counter(), time.process_time()
        with writing():  # as the import-wordpress command runs it
            import_wordpress(str(path))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        traced = tracemalloc.get_traced_memory()[1] / 2**20 if use_tracemalloc else None
        reviews = db.session.scalar(sa.select(sa.func.count(Review.id)))
        comments = db.session.scalar(sa.select(sa.func.count(Comment.id)))
        db.session.remove()
    databases.dispose(app)
    return {"seconds": seconds, "cpu_seconds": cpu, "reviews": reviews, "comments": comments,
            "rss_before_mb": before, "rss_peak_mb": peak_rss_mb(), "traced_peak_mb": traced}


def run(args) -> int:
    """Generate the export, import it in a child process and print the numbers."""
    with tempfile.TemporaryDirectory(prefix="blog-bench-wp-") as tmp:
        path = Path(args.generate_only) if args.generate_only else Path(tmp) / "export.xml"
        started = time.perf_counter()
        with open(path, "wb") as out:
            counts = generate_wxr(out, args.posts, args.comments_per_post, args.seed)
        seconds = time.perf_counter() - started
        size_mb = path.stat().st_size / 2**20
        print(f"bench.wordpress: generated {counts['posts']:,} posts, {counts['comments']:,} "
              f"comments, {counts['pages']} pages ({size_mb:.1f} MB) in {seconds:.1f} s",
              flush=True)
        if args.generate_only:
            return 0
        database_url = args.database_url or f"sqlite:///{tmp}/import.sqlite3"
        command = [sys.executable, "-m", "bench.wordpress", "--child", str(path),
                   "--database-url", database_url]
        if args.tracemalloc:
            command.append("--tracemalloc")
        child = subprocess.run(command, capture_output=True, text=True)
        if child.returncode != 0:
            print(child.stderr[-4000:], file=sys.stderr)
            return child.returncode
        result = json.loads(child.stdout.strip().splitlines()[-1])
    print_result(result, args.posts, size_mb)
    return 0


def print_result(result: dict, posts: int, size_mb: float) -> None:
    if "error" in result:
        print(f"  import not measured: {result['error']}")
        return
    rate = result["reviews"] / result["seconds"] if result["seconds"] else 0
    cpu_rate = result["reviews"] / result["cpu_seconds"] if result["cpu_seconds"] else 0
    print(f"  imported {result['reviews']:,} of {posts:,} posts as reviews and "
          f"{result['comments']:,} comments in {result['seconds']:.1f} s: {rate:,.1f} posts/s "
          f"({result['cpu_seconds']:.1f} s of CPU: {cpu_rate:,.1f} posts per CPU second)")
    grown = result["rss_peak_mb"] - result["rss_before_mb"]
    print(f"  peak RSS {result['rss_peak_mb']:.0f} MB, {grown:.0f} MB above the "
          f"{result['rss_before_mb']:.0f} MB before the import (file: {size_mb:.1f} MB)")
    if result.get("traced_peak_mb") is not None:
        print(f"  peak Python allocations during the import: {result['traced_peak_mb']:.1f} MB")


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.child:
        result = measure_import(Path(args.child), args.database_url, args.tracemalloc)
        print(json.dumps(result))
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
