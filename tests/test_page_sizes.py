"""Every list's length is a setting in blog/config.py: no module keeps its own page size or
hides one as a default of ``config.get``."""
import ast
from pathlib import Path

from blog import config

BLOG = Path(__file__).resolve().parent.parent / "blog"
SIZE_WORDS = ("PER_PAGE", "IN_FEED", "FEED_SIZE", "RESULTS")


def test_page_sizes_are_set_only_in_config():
    found = []
    for path in BLOG.rglob("*.py"):
        if path.name == "config.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign):
                found += [f"{path.name}: {target.id}" for target in node.targets
                          if isinstance(target, ast.Name)
                          and any(word in target.id for word in SIZE_WORDS)]
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get"
                    and len(node.args) == 2 and isinstance(node.args[0], ast.Constant)
                    and str(node.args[0].value).isupper()
                    and isinstance(node.args[1], ast.Constant)
                    and isinstance(node.args[1].value, int)
                    and not isinstance(node.args[1].value, bool)):
                found.append(f"{path.name}: config.get({node.args[0].value!r}, …)")
    assert found == []


def test_every_page_size_has_a_default():
    for name in ("REVIEWS_PER_PAGE", "COMMENTS_PER_PAGE", "MODERATION_PER_PAGE",
                 "REVISIONS_PER_PAGE", "STUDIO_PER_PAGE", "STUDIO_TAGS_PER_PAGE", "FEED_SIZE",
                 "COMMENTS_IN_FEED", "LOOKUP_RESULTS", "RECENT_COMMENTS"):
        assert isinstance(getattr(config, name), int) and getattr(config, name) > 0
