"""The rules for who an account can be: its username, shown name, email address and password.

Registration, the account page and ``flask create-user`` all go through these checks, so there
is one way to make a user. Names are compared by a key (case-folded, NFKC, and each character
replaced by the plainest of its look-alikes), so a commenter cannot take an author's name by
writing it in Cyrillic, fullwidth letters or with invisible characters in it.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import sqlalchemy as sa
from confusable_homoglyphs import confusables
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from zxcvbn import zxcvbn

from blog.extensions import db
from blog.models import Role, User
from blog.services.errors import AccountError, FieldError

MIN_PASSWORD_LENGTH = 8
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{3,30}")
USERNAME_RULE = "Usernames are 3 to 30 characters: letters a–z, digits, _ and -."
DISPLAY_NAME_MAX = 80
# Names only staff may use (compared by their key, so "Admіn" with a Cyrillic і counts).
RESERVED_NAMES = ("admin", "administrator", "moderator")
# Invisible or blank-looking letters that categories alone do not catch (Hangul fillers,
# the braille blank); format characters (Cf: zero-width, soft hyphen, bidi controls) are
# refused by category.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")


# ---------- Email addresses ----------

def normalize_email(email: str) -> str:
    """An address's normalized, lower-cased ASCII form; AccountError if it cannot be used.

    Non-ASCII mailbox names are refused: sending them needs SMTPUTF8 on every server on the
    way. Internationalized domains are kept in their ASCII (IDNA) form, which every server takes.
    """
    try:
        result = validate_email(email.strip(), check_deliverability=False,
                                allow_smtputf8=False)
    except EmailNotValidError as error:
        if not email.strip().partition("@")[0].isascii():
            raise AccountError("Please use an address whose part before the @-sign is in "
                               "plain letters a–z, digits and punctuation: we cannot send "
                               "mail to other addresses yet.") from error
        raise AccountError(str(error)) from error
    return result.ascii_email.lower()


def clean_email(email: str, field: str = "email") -> str:
    """The normalized address, or a FieldError saying what is wrong with it."""
    try:
        return normalize_email(email or "")
    except AccountError as error:
        raise FieldError(str(error), field) from error


# ---------- Passwords ----------

def check_new_password(password: str, field: str = "password",
                       user_inputs: tuple[str, ...] = ()) -> str:
    """The password, if it is long enough and not easily guessed (common, or made of the
    account's own name or address)."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise FieldError(f"Use at least {MIN_PASSWORD_LENGTH} characters.", field)
    inputs = [part for value in user_inputs if value
              for part in (value, *re.split(r"[@._+-]", value)) if len(part) >= 3]
    if built_from(password, user_inputs):
        raise FieldError(password_advice(None), field)
    result = zxcvbn(password[:100], user_inputs=inputs)
    if result["score"] < current_app.config["PASSWORD_MIN_SCORE"]:
        raise FieldError(password_advice(result), field)
    return password


def letters(text: str) -> str:
    """The letters of a text, case-folded: "New.Reader.1" gives "newreader"."""
    return "".join(ch for ch in text.casefold() if ch.isalpha())


def built_from(password: str, user_inputs: tuple[str, ...]) -> bool:
    """Whether the password is the username or email name with a few characters around it
    (zxcvbn scores "New.Reader.1" well, though it is the username "new_reader")."""
    core = letters(password)
    for value in user_inputs:
        for part in {value, value.partition("@")[0]} if value else ():
            name = letters(part)
            if len(name) >= 3 and name in core and len(core.replace(name, "")) < 4:
                return True
    return False


def password_advice(result: dict | None) -> str:
    """Why a password is too easy to guess, and what would do better."""
    if result is None:
        reason = "That password is built from your username or email address."
    else:
        reason = (result["feedback"]["warning"] or "That password is easy to guess.").rstrip(".")
        reason = f"{reason}."
    return (f"{reason} Please choose another: a few uncommon words together are easy to "
            "remember and hard to guess.")


# ---------- Names ----------

def name_key(name: str) -> str:
    """What a name looks like: folded, NFKC-normalized, each character replaced by the
    plainest of its look-alikes, and only letters and digits kept."""
    text = unicodedata.normalize("NFKC", name).casefold()
    plain = "".join(_plainest(ch) for ch in text)
    text = unicodedata.normalize("NFKC", plain).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


@lru_cache(maxsize=4096)
def _plainest(ch: str) -> str:
    """The character, or the look-alike from the lowest code point that may stand for it."""
    found = confusables.confusables_data.get(ch) or ()
    return min([ch, *(glyph["c"] for glyph in found)])


def is_invisible(ch: str) -> bool:
    """Whether a character shows nothing, or changes how its neighbours read."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cn", "Zl", "Zp") or \
        ch in BLANK_LETTERS


def check_visible(name: str, field: str) -> None:
    """Refuse invisible characters and names mixing look-alike letters of several scripts."""
    if any(is_invisible(ch) for ch in name):
        raise FieldError("Please use only visible characters. Zero-width spaces, soft "
                         "hyphens and direction marks are not allowed.", field)
    if confusables.is_dangerous(name):
        raise FieldError("Please write the name in one alphabet: it mixes letters "
                         "from several that look alike.", field)


def check_not_reserved(name: str, field: str, role: Role = Role.COMMENTER,
                       user_id: int | None = None) -> None:
    """Refuse a name that looks like an author's or admin's name (or "admin") to anyone else."""
    key = name_key(name)
    if not key:
        return
    is_staff = role in (Role.AUTHOR, Role.ADMIN)
    if not is_staff and key in {name_key(word) for word in RESERVED_NAMES}:
        raise FieldError("That name is kept for the people who run the site. "
                         "Please choose another.", field)
    staff = db.session.execute(
        sa.select(User.id, User.username, User.display_name)
        .where(User.role.in_([Role.AUTHOR, Role.ADMIN])))
    for staff_id, username, display_name in staff:
        if staff_id != user_id and key in (name_key(username), name_key(display_name or "")):
            raise FieldError("That name looks like the name of a writer on this site. "
                             "Please choose another.", field)


def check_username(username: str, role: Role = Role.COMMENTER,
                   user_id: int | None = None) -> str:
    """The username without surrounding space, if it follows the rules."""
    username = (username or "").strip()
    if not USERNAME_PATTERN.fullmatch(username):
        raise FieldError(USERNAME_RULE, "username")
    check_not_reserved(username, "username", role, user_id)
    return username


def check_display_name(display_name: str, role: Role = Role.COMMENTER,
                       user_id: int | None = None, field: str = "display_name") -> str:
    """The shown name with its spaces tidied, if it is visible, one-alphabet and not taken
    from the site's writers (empty is fine: the username shows instead)."""
    name = " ".join((display_name or "").split())
    if len(name) > DISPLAY_NAME_MAX:
        raise FieldError(f"Use at most {DISPLAY_NAME_MAX} characters.", field)
    if name:
        check_visible(name, field)
        check_not_reserved(name, field, role, user_id)
    return name
