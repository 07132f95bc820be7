"""flask import-wordpress: options, plain progress lines off a terminal, the summary table."""
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Review
from tests.wordpress.wxr import comment, export, item

THEME = "/work/shared/data/wordpress/themeunittestdata.wordpress.xml"


def write(tmp_path, data: bytes):
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    return str(path)


def test_import_prints_progress_lines_and_the_summary_table(runner, ctx):
    result = runner.invoke(args=["import-wordpress", THEME])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "0 of 186 items read" in lines and "186 of 186 items read" in lines
    assert "Import finished." in lines
    header = next(line for line in lines if line.split()[:3] == ["imported", "updated", "skipped"])
    assert header
    posts = next(line for line in lines if line.startswith("posts"))
    assert posts.split()[:4] == ["posts", "58", "0", "0"]
    comments = next(line for line in lines if line.startswith("comments"))
    assert comments.split()[:4] == ["comments", "24", "0", "9"] and "pingbacks (2)" in comments
    assert any(line.startswith("Warning: Malformed author") for line in lines)
    assert "  … and 28 more reviews." in lines  # 58 posts, the first 30 listed
    assert db.session.scalar(sa.select(sa.func.count(Review.id))) == 58


def test_dry_run_writes_nothing(runner, ctx, tmp_path):
    result = runner.invoke(args=["import-wordpress", "--dry-run",
                                 write(tmp_path, export(item(1, "Alien (1979)")))])
    assert result.exit_code == 0 and "Dry run: nothing was written." in result.output
    assert "/reviews/alien-1979" in result.output or "/reviews/post-1" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Review.id))) == 0


def test_author_and_status_options(runner, ctx, users, tmp_path):
    path = write(tmp_path, export(item(1, "Kept"), item(2, "Draft", status="draft")))
    result = runner.invoke(args=["import-wordpress", "--author", "critic=rival",
                                 "--status", "publish", path])
    assert result.exit_code == 0, result.output
    (review,) = db.session.scalars(sa.select(Review)).all()
    assert review.title == "Kept" and review.author_id == users["other_author"].id


def test_bad_options_and_files_are_messages_not_tracebacks(runner, ctx, tmp_path):
    path = write(tmp_path, export(item(1, "Post")))
    bad_author = runner.invoke(args=["import-wordpress", "--author", "critic", path])
    assert bad_author.exit_code == 2 and "LOGIN=USERNAME" in bad_author.output
    unknown = runner.invoke(args=["import-wordpress", "--author", "critic=nobody", path])
    assert unknown.exit_code == 1 and "no author or admin called nobody" in unknown.output
    status = runner.invoke(args=["import-wordpress", "--status", "publish,weird", path])
    assert status.exit_code == 1 and "Unknown status weird" in status.output
    broken = write(tmp_path, export(item(1, "Post", comments=[comment(1, "x")]))[:-300])
    truncated = runner.invoke(args=["import-wordpress", broken])
    assert truncated.exit_code == 1 and "line" in truncated.output
    assert "Nothing was imported." in truncated.output and "Traceback" not in truncated.output
    assert db.session.scalar(sa.select(sa.func.count(Review.id))) == 0
