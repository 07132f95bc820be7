"""Behind a proxy: the real client address for rate limits (TRUSTED_PROXIES, issue 12 item 3),
and only the site's own host names answered (issue 12 item 4)."""
from __future__ import annotations

import pytest

from tests.conftest import csrf_token_from


def failed_login(client, address: str):
    """A wrong password sent through a proxy that says the client is at ``address``."""
    headers = {"X-Forwarded-For": address}
    page = client.get("/auth/login", headers=headers)
    return client.post("/auth/login", headers=headers, data={
        "login": "reader1", "password": "wrong password",
        "csrf_token": csrf_token_from(page.get_data(as_text=True))})


@pytest.fixture
def strict_login_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN", "2 per minute")


def test_behind_one_proxy_each_client_has_its_own_bucket(app, client, users, monkeypatch,
                                                         strict_login_limit):
    monkeypatch.setitem(app.config, "TRUSTED_PROXIES", 1)
    assert [failed_login(client, "203.0.113.7").status_code for _ in range(3)] == [422, 422, 429]
    assert failed_login(client, "198.51.100.9").status_code == 422  # someone else, elsewhere


def test_without_trusted_proxies_x_forwarded_for_is_ignored(app, client, users,
                                                            strict_login_limit):
    assert app.config["TRUSTED_PROXIES"] == 0  # the default
    assert [failed_login(client, "203.0.113.8").status_code for _ in range(2)] == [422, 422]
    assert failed_login(client, "198.51.100.10").status_code == 429  # a forged address


# ---------- Host names ----------

def test_the_test_client_speaks_to_the_site_url_host(client):
    response = client.get("/tags")
    assert response.status_code in (301, 308)
    assert response.headers["Location"] in ("/tags/", "http://blog.test/tags/")


@pytest.mark.parametrize("host", ["evil.example", "blog.test.evil.example", "evil.example:80"])
def test_another_host_name_is_400_and_never_reaches_a_redirect(client, host):
    response = client.get("/tags", headers={"Host": host})
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert "evil" not in response.get_data(as_text=True)


def test_the_site_url_host_is_accepted_on_any_port(client):
    assert client.get("/about", headers={"Host": "blog.test:8080"}).status_code == 200


def test_extra_hosts_are_accepted(app, client, monkeypatch):
    assert client.get("/about", headers={"Host": "www.blog.test"}).status_code == 400
    monkeypatch.setitem(app.config, "EXTRA_HOSTS", ["www.blog.test", "10.0.0.5"])
    assert client.get("/about", headers={"Host": "www.blog.test"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "10.0.0.5:8000"}).status_code == 200
