"""A digest of the code and settings this process renders pages with.

Kept pages and parts are HTML made by the templates, the code and the settings of the process
that rendered them. In process memory they end with the process; in Redis they outlive a
deploy, and a new release would go on serving what the old one rendered (another layout, an
old stylesheet's address) for as long as they live. Their keys therefore carry this digest,
of every file of the package, the templates and the static files, and of the plain settings
(strings, numbers, booleans), so that a changed file or setting starts from empty, and every
worker of one release shares what it keeps.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

LENGTH = 12
PLAIN = (str, int, float, bool, type(None))
SKIPPED_DIRECTORIES = frozenset({"__pycache__"})


def init_app(app) -> None:
    files = files_digest(*(str(Path(app.root_path, folder).resolve()) for folder in (
        ".", app.template_folder, app.static_folder)))
    app.extensions["release"] = digest_of(files, settings_of(app.config))


@functools.lru_cache(maxsize=4)
def files_digest(*folders: str) -> str:
    """The digest of every file under these folders, by path and content (read once a
    process: the files of a running release do not change)."""
    digest = hashlib.sha256()
    for folder in folders:
        root = Path(folder)
        for path in sorted(root.rglob("*")):
            if path.is_file() and not SKIPPED_DIRECTORIES & set(path.relative_to(root).parts):
                digest.update(str(path.relative_to(root)).encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def settings_of(config) -> str:
    """The plain settings, spelled the same in every worker (values such as objects, whose
    spelling names their address in memory, are left out)."""
    return repr(sorted((name, value) for name, value in config.items()
                       if isinstance(value, PLAIN)))


def digest_of(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:LENGTH]
