"""Import a WordPress export (WXR 1.0-1.2): the one entry point, used by the CLI and the studio."""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Callable, Optional

from blog.wordpress.errors import WordPressFileError
from blog.wordpress.summary import ImportSummary

# WordPress statuses taken by default; "private" posts come in as drafts.
DEFAULT_STATUSES = frozenset({"publish", "future", "draft", "private"})

Progress = Callable[[int, Optional[int]], None]


def import_wordpress(source: str | Path | BinaryIO, *, uploads: Path | None = None,
                     authors: dict[str, str] | None = None,
                     statuses: frozenset[str] = DEFAULT_STATUSES, dry_run: bool = False,
                     progress: Progress | None = None) -> ImportSummary:
    """Bring a WXR export's posts, pages, comments, tags, people, images and old addresses in.

    ``source`` is a path or a binary file; ``uploads`` a copy of ``wp-content/uploads``;
    ``authors`` maps WordPress logins to usernames here; ``progress(done, total)`` is called as
    items are read. Raises WordPressFileError, having written nothing, for a malformed file."""
    raise NotImplementedError
