"""The studio's WordPress import, for admins: upload an export, see a dry run, then import it.

Between the two steps the uploaded file waits in the instance folder under a fresh random name;
the page carries that name in a signed token bound to the admin who uploaded it, so the second
step can only ever name a file this admin uploaded there, never a path of its own choosing.
Files not confirmed within a day are removed by the next upload.
"""
from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app, render_template
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SubmitField
from wtforms.validators import DataRequired

from blog import tokens
from blog.web import forbidden, me
from blog.forms import BaseForm
from blog.resend import RESEND_MESSAGE, renders_again
from blog.wordpress import WordPressFileError, import_wordpress
from blog.write.uploads import upload_size
from blog.write import bp, require_writer

TEMPLATE = "write/import.html"
FOLDER = "wordpress-imports"
TOKEN_PURPOSE = "wordpress-import"
PENDING_MAX_AGE = 24 * 3600
PENDING_NAME = re.compile(r"^[0-9a-f]{32}\.xml$")
EXPIRED = "That upload has expired or was already imported. Please choose the file again."


class ImportUploadForm(BaseForm):
    """The WordPress export to read, for a dry run first."""

    export = FileField("WordPress export file (.xml)", validators=[
        FileRequired("Choose the export file WordPress wrote (Tools → Export).")],
        render_kw={"accept": ".xml,application/xml,text/xml"})
    check = SubmitField("Check the file (dry run)")


class ImportConfirmForm(BaseForm):
    """Import the file the dry run read (named by a signed token)."""

    upload = HiddenField(validators=[DataRequired(EXPIRED)])
    confirm = SubmitField("Import")


def pending_folder() -> Path:
    folder = Path(current_app.instance_path) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(upload, user_id: int) -> tuple[Path, str]:
    """Store an uploaded export under a fresh random name; the path and its signed token."""
    forget_stale_uploads()
    name = f"{secrets.token_hex(16)}.xml"
    path = pending_folder() / name
    upload.save(str(path))
    return path, tokens.make_token(TOKEN_PURPOSE, {"file": name, "by": user_id})


def pending_upload(token: str | None, user_id: int) -> Path | None:
    """The waiting export a token names, if this admin uploaded it and it is still there."""
    try:
        data = tokens.read_token(TOKEN_PURPOSE, token or "", max_age=PENDING_MAX_AGE)
    except tokens.InvalidToken:
        return None
    name = data.get("file", "") if isinstance(data, dict) else ""
    if data.get("by") != user_id or not PENDING_NAME.fullmatch(name):
        return None
    path = pending_folder() / name
    return path if path.is_file() else None


def forget_stale_uploads() -> None:
    """Remove exports uploaded for a dry run more than a day ago and never imported."""
    limit = time.time() - PENDING_MAX_AGE
    for entry in pending_folder().iterdir():
        if PENDING_NAME.fullmatch(entry.name) and entry.stat().st_mtime < limit:
            entry.unlink(missing_ok=True)


def admins_only():
    """The studio lets authors in; this page is for admins alone."""
    if not me().is_admin:
        return forbidden("Only admins import content from WordPress.")
    return None


def page(status: int = 200, **context):
    context.setdefault("form", ImportUploadForm())
    context.setdefault("limit_mb", current_app.config["MAX_CONTENT_LENGTH"] / 2**20)
    return render_template(TEMPLATE, **context), status


@bp.get("/import")
def import_page():
    """The upload form: choose a WordPress export to check."""
    return admins_only() or page()


@bp.post("/import")
def check_import():
    """Store the uploaded export and show what importing it would do, writing nothing."""
    refused = admins_only()
    if refused is not None:
        return refused
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return page(422, form=form)
    if not upload_size(form.export.data):
        form.export.errors = ["That file is empty."]
        return page(422, form=form)
    path, token = keep_upload(form.export.data, me().id)
    try:
        summary = import_wordpress(path, dry_run=True)
    except WordPressFileError as error:
        path.unlink(missing_ok=True)
        form.export.errors = [f"This is not a WordPress export that can be read: {error}."]
        return page(422, form=form)
    return page(summary=summary, confirm=ImportConfirmForm(upload=token),
                filename=os.path.basename(form.export.data.filename or ""))


@bp.post("/import/confirm")
def run_import():
    """Import the export checked a moment ago, then show what was done."""
    refused = admins_only()
    if refused is not None:
        return refused
    form = ImportConfirmForm()
    path = pending_upload(form.upload.data, me().id) if form.validate_on_submit() else None
    if path is None:
        return page(422, alert=form.upload.errors[0] if form.upload.errors else EXPIRED)
    try:
        summary = import_wordpress(path)
    except WordPressFileError as error:
        return page(422, alert=f"This is not a WordPress export that can be read: {error}.")
    finally:
        path.unlink(missing_ok=True)
    return page(summary=summary, imported=True)


@renders_again("write.check_import", "write.run_import")
def import_again():
    """The upload form again after its token was refused (a file input cannot be refilled)."""
    refused = require_writer() or admins_only()
    if refused is not None:
        return refused
    return page(400, alert=RESEND_MESSAGE)
