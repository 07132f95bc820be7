"""Signing in and out through the real forms, with CSRF on."""
import pytest

from tests.conftest import csrf_token_from


def test_login_page_renders_with_csrf_token(client):
    html = client.get("/auth/login").get_data(as_text=True)
    assert csrf_token_from(html)
    assert 'autocomplete="current-password"' in html


@pytest.mark.parametrize("login", ["reader1", "READER1", "reader1@example.com",
                                   "Reader1@Example.com"])
def test_login_by_username_or_email_any_case(client, auth, users, login):
    response = auth.login(login)
    assert response.status_code == 302
    assert "Log out" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("login, password", [("reader1", "wrong password"),
                                             ("nobody", "correct horse battery"),
                                             ("", "x"), ("reader1", "")])
def test_bad_credentials_are_422_with_one_message_and_login_kept(client, auth, users, login,
                                                                  password):
    response = auth.login(login, password)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Log out" not in html
    if login:
        assert f'value="{login}"' in html
    assert 'value="wrong password"' not in html  # never echo a password back


def test_unknown_user_and_wrong_password_read_the_same(client, auth, users):
    wrong = auth.login("reader1", "not it at all").get_data(as_text=True)
    missing = auth.login("ghost", "not it at all").get_data(as_text=True)
    message = "That username or email and password do not match."
    assert message in wrong and message in missing


def test_post_without_csrf_token_is_400(client, users):
    response = client.post("/auth/login", data={"login": "reader1",
                                                "password": "correct horse battery"})
    assert response.status_code == 400
    assert "send it again" in response.get_data(as_text=True)


@pytest.mark.parametrize("next_path, expected", [
    ("/reviews/x#comments", "/reviews/x#comments"),
    ("/tags/drama?page=2", "/tags/drama?page=2"),
    ("https://evil.example/", "/"),
    ("//evil.example/path", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("", "/"),
])
def test_next_redirects_only_to_same_site_paths(client, auth, users, next_path, expected):
    response = auth.login("reader1", next_path=next_path)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_logged_in_user_visiting_login_is_sent_on(client, auth, users):
    auth.login("reader1")
    response = client.get("/auth/login?next=/about")
    assert response.status_code == 302 and response.headers["Location"] == "/about"


def test_logout_is_a_post_with_csrf(client, auth, users):
    auth.login("reader1")
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 400  # no token
    assert "Log out" in client.get("/").get_data(as_text=True)
    response = auth.logout()
    assert response.status_code == 302
    assert "Log out" not in client.get("/").get_data(as_text=True)


def test_remember_me_sets_a_remember_cookie(client, auth, users):
    response = auth.login("reader1", remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    assert any(cookie.startswith("remember_token=") and "HttpOnly" in cookie
               for cookie in cookies)


def test_an_ended_login_ends_the_session(client, auth, users, ctx):
    import sqlalchemy as sa

    from blog.extensions import db
    from blog.models import LoginSession
    auth.login("reader1")
    db.session.execute(sa.delete(LoginSession))
    db.session.commit()
    assert "Log out" not in client.get("/").get_data(as_text=True)


def test_session_cookie_is_httponly_and_lax(client, auth, users):
    response = auth.login("reader1")
    session_cookie = next(c for c in response.headers.getlist("Set-Cookie")
                          if c.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


@pytest.mark.parametrize("role, page", [("commenter", "/account"), ("author", "/write/"),
                                        ("other_author", "/write/"),
                                        ("admin", "/moderation/users")])
def test_each_role_signs_in_through_the_real_form(client, auth, users, role, page):
    """The authorization table signs in without the form (tests/conftest.py sign_in); each role
    still goes through the real form here once."""
    assert client.get(page).status_code == 302
    assert auth.login(users[role].username).status_code == 302
    assert client.get(page).status_code == 200
