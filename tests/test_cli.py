"""The flask commands: create-user, demo, setup."""
import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Review, Role, User


def test_create_user_reads_the_password_from_stdin(runner, ctx):
    result = runner.invoke(args=["create-user", "Margot", "--email", "Margot@Example.com",
                                 "--role", "author"], input="a long password\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.username_key == "margot"))
    assert user.role is Role.AUTHOR and user.email == "margot@example.com"
    assert user.check_password("a long password") and "a long password" not in result.output


def test_create_user_refuses_duplicates_and_short_passwords(runner, ctx, users):
    taken = runner.invoke(args=["create-user", "READER1", "--email", "new@example.com"],
                          input="a long password\n")
    assert taken.exit_code != 0 and "That username is taken" in taken.output
    email_taken = runner.invoke(args=["create-user", "newbie", "--email", "READER1@example.com"],
                                input="a long password\n")
    assert email_taken.exit_code != 0 and "already registered" in email_taken.output
    short = runner.invoke(args=["create-user", "newbie", "--email", "n@example.com"],
                          input="short\n")
    assert short.exit_code != 0 and "at least 8" in short.output
    bad_email = runner.invoke(args=["create-user", "newbie", "--email", "not-an-email"],
                              input="a long password\n")
    assert bad_email.exit_code != 0


@pytest.mark.parametrize("args, password, message", [
    (["bad name!<>"], "a long password", "Usernames are 3 to 30 characters"),
    (["\u202eevil"], "a long password", "Usernames are 3 to 30 characters"),
    (["admin"], "a long password", "kept for the people who run the site"),
    (["Critic_"], "a long password", "looks like the name of a writer on this site"),
    (["newbie", "--display-name", "Cr\u200bitic"], "a long password", "visible characters"),
    (["newbie", "--display-name", "\u0421ritic"], "a long password", "one alphabet"),
    (["newbie"], "password1", "common password"),
    (["newbie"], "newbie123", "built from your username or email address"),
])
def test_create_user_applies_the_rules_of_registration(runner, ctx, users, args, password,
                                                       message):
    result = runner.invoke(args=["create-user", *args, "--email", "n@example.com"],
                           input=password + "\n")
    assert result.exit_code != 0 and message in result.output
    assert db.session.scalar(sa.select(User).where(User.email == "n@example.com")) is None


def test_staff_may_be_called_admin(runner, ctx):
    result = runner.invoke(args=["create-user", "admin", "--email", "a@example.com",
                                 "--role", "admin"], input="a long password\n")
    assert result.exit_code == 0, result.output


def test_demo_command_is_idempotent(runner, ctx, app):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    count = db.session.scalar(sa.select(sa.func.count(Review.id)))
    assert count >= 12
    login = (app.instance_path + "/demo-login.txt")
    with open(login) as handle:
        saved = handle.read()
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "already loaded" in second.output
    assert db.session.scalar(sa.select(sa.func.count(Review.id))) == count
    with open(login) as handle:
        assert handle.read() == saved  # the login printed on first start still works
    username = saved.split("username: ")[1].split()[0]
    password = saved.split("password: ")[1].split()[0]
    author = db.session.scalar(sa.select(User).where(User.username == username))
    assert author.check_password(password) and author.is_author


def test_setup_prints_the_url_and_login(runner, ctx):
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    assert "http://blog.test/" in result.output
    assert "username: critic" in result.output
    again = runner.invoke(args=["setup"])
    assert "Loaded demo content" not in again.output and "username: critic" in again.output


def test_setup_says_the_demo_login_is_an_admin(runner, ctx):
    result = runner.invoke(args=["setup"])
    assert "demo admin" in result.output and "demo author" not in result.output
    critic = db.session.scalar(sa.select(User).where(User.username == "critic"))
    assert critic.role.value == "admin"
