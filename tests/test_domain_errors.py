"""Domain errors: one module, one constructor, and a service that raises one leaves the session
clean, so no view ever rolls back."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Role, User
from blog.services import errors, moderation, users as accounts_users

BLOG = Path(__file__).resolve().parent.parent / "blog"
ERRORS = [cls for _, cls in inspect.getmembers(errors, inspect.isclass)
          if issubclass(cls, errors.DomainError)]
# Services that commit but never raise a domain error: nothing of theirs needs undoing.
NO_DOMAIN_ERRORS = {"comment_drafts", "logins", "notifications", "outbox"}


@pytest.mark.parametrize("cls", ERRORS, ids=lambda cls: cls.__name__)
def test_every_domain_error_takes_the_message_then_the_field(cls):
    error = cls("Use at most 80 characters.", "display_name")
    assert str(error) == "Use at most 80 characters." and error.field == "display_name"
    assert cls("For the whole form.").field is None
    assert error.status in (400, 403, 404, 409, 422)


def test_domain_errors_are_defined_in_one_module():
    defined = [f"{path.relative_to(BLOG)}: {node.name}"
               for path in BLOG.rglob("*.py") if path.name != "errors.py"
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.ClassDef) and any(
                   getattr(base, "id", getattr(base, "attr", "")).endswith(("Error", "Conflict"))
                   and getattr(base, "id", getattr(base, "attr", "")) not in (
                       "ValueError", "Exception", "HTTPException")
                   for base in node.bases)]
    assert defined == []


def test_views_never_roll_back():
    views = [path for path in BLOG.rglob("*.py")
             if path.parent != BLOG / "services" and "migrations" not in path.parts
             and path.name not in ("errors.py", "database.py")
             # The WordPress importer is a service of its own (its batches commit or roll
             # back), and its old-address hook, like errors.py, answers with the database down.
             and path.parent.name not in ("demo", "wordpress")]
    assert [str(path.relative_to(BLOG)) for path in views
            if "session.rollback()" in path.read_text(encoding="utf-8")] == []


def test_every_committing_service_rolls_back_on_a_domain_error():
    unguarded = []
    for path in (BLOG / "services").glob("*.py"):
        if path.stem in NO_DOMAIN_ERRORS:
            continue
        source = path.read_text(encoding="utf-8")
        for node in ast.parse(source).body:
            if (isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
                    and "db.session.commit()" in ast.get_source_segment(source, node)
                    and "rolls_back" not in [getattr(d, "id", "") for d in node.decorator_list]):
                unguarded.append(f"{path.stem}.{node.name}")
    assert unguarded == []


def test_a_refused_service_leaves_the_session_clean(ctx, users):
    reader = db.session.scalar(sa.select(User).where(User.username == "reader1"))
    admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))

    @errors.rolls_back
    def rename_then_refuse(user):
        user.display_name = "Half-done"
        db.session.add(User(username="ghost", username_key="ghost", email="g@example.com",
                            password_hash="x"))
        raise errors.ModerationConflict("Refused after a change.")

    with pytest.raises(errors.ModerationConflict):
        rename_then_refuse(reader)
    assert not db.session.dirty and not db.session.new
    assert reader.display_name != "Half-done"
    db.session.commit()  # the next commit carries nothing of the refused change
    assert db.session.scalar(sa.select(User).where(User.username == "ghost")) is None
    with pytest.raises(moderation.ModerationConflict):
        moderation.ban(admin, admin)
    assert not db.session.dirty and not admin.is_banned


def test_a_refused_create_user_leaves_nothing_behind(ctx, users):
    with pytest.raises(errors.AccountConflict):
        accounts_users.create_user("reader1", "other@example.com", "a long password")
    assert not db.session.new
    assert db.session.scalar(sa.select(User).where(User.email == "other@example.com")) is None
