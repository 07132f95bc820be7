"""The WordPress bench's generated export: well-formed, the size asked for, and importable."""
from __future__ import annotations

import io

from lxml import etree

from bench.wordpress import generate_wxr, main
from blog.wordpress import import_wordpress
from blog.wordpress.writer import NAMESPACES

NS = dict(NAMESPACES)


def test_the_export_has_the_posts_and_threads_asked_for():
    out = io.BytesIO()
    counts = generate_wxr(out, posts=40, comments_per_post=6, seed=3)
    root = etree.fromstring(out.getvalue())
    posts = [item for item in root.iterfind("channel/item")
             if item.findtext("wp:post_type", namespaces=NS) == "post"]
    assert len(posts) == counts["posts"] == 40
    comments = root.findall("channel/item/wp:comment", NS)
    assert len(comments) == counts["comments"] > 40 * 3
    replies = 0
    for post in posts:
        seen = set()
        for comment in post.iterfind("wp:comment", NS):
            parent = comment.findtext("wp:comment_parent", namespaces=NS)
            assert parent == "0" or parent in seen  # a reply answers an earlier comment
            replies += parent != "0"
            seen.add(comment.findtext("wp:comment_id", namespaces=NS))
    assert replies > 0
    assert generate_wxr(io.BytesIO(), 40, 6, seed=3) == counts  # the seed decides


def test_the_importer_reads_it(ctx):
    out = io.BytesIO()
    generate_wxr(out, posts=5, comments_per_post=3)
    out.seek(0)
    summary = import_wordpress(out, dry_run=True)
    rows = {kind: (imported, skipped) for kind, imported, _, skipped, _ in summary.rows()}
    assert rows["posts"] == (5, 0)
    assert rows["comments"][0] > 0


def test_generate_only_writes_the_file(tmp_path, capsys):
    target = tmp_path / "export.xml"
    assert main(["--posts", "3", "--generate-only", str(target)]) == 0
    assert "generated 3 posts" in capsys.readouterr().out
    assert etree.parse(str(target)).getroot().tag == "rss"
