"""Static files under fingerprinted names, so browsers may keep them for a year.

``url_for('static', filename='css/site.css')`` gives ``/static/css/site.<digest>.css``, the
digest taken from the file's content; a changed file gets a new name, so the old one can be
cached as immutable. The plain name still answers, with a short lifetime.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from flask import current_app, send_from_directory

YEAR = 365 * 24 * 3600
DIGEST_LENGTH = 12
FINGERPRINTED = re.compile(rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{DIGEST_LENGTH}}})"
                           r"(?P<suffix>\.[A-Za-z0-9]+)$")


def init_app(app) -> None:
    """Fingerprint static URLs, and serve fingerprinted names as immutable."""
    app.extensions["asset_digests"] = {}
    app.url_defaults(add_fingerprint)
    app.view_functions["static"] = serve_static


def digest_of(filename: str) -> str | None:
    """The content digest of a file in static/, or None if there is no such file."""
    digests = current_app.extensions["asset_digests"]
    path = Path(current_app.static_folder, filename)
    try:
        stamp = path.stat().st_mtime_ns
    except (OSError, ValueError):
        return None
    known = digests.get(filename)
    if known and known[0] == stamp:
        return known[1]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:DIGEST_LENGTH]
    digests[filename] = (stamp, digest)
    return digest


def fingerprinted(filename: str) -> str:
    """``css/site.css`` → ``css/site.<digest>.css`` (unchanged if the file is missing)."""
    digest = digest_of(filename)
    if digest is None:
        return filename
    stem, suffix = os.path.splitext(filename)
    return f"{stem}.{digest}{suffix}"


def add_fingerprint(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values:
        values["filename"] = fingerprinted(values["filename"])


def serve_static(filename: str):
    """Serve a static file; a current fingerprinted name is cached for a year, unchanged."""
    match = FINGERPRINTED.match(filename)
    if match and digest_of(match["stem"] + match["suffix"]) == match["digest"]:
        response = send_from_directory(current_app.static_folder,
                                       match["stem"] + match["suffix"], max_age=YEAR)
        response.cache_control.immutable = True
    else:
        response = current_app.send_static_file(filename)
    # Read the (small) file now, so compression can replace the body and the file is still
    # closed with the response instead of being left open when the body is swapped.
    response.direct_passthrough = False
    response.make_sequence()
    return response
