"""`make run` serves through gunicorn with the repository's gunicorn.conf.py."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from flask_migrate import upgrade

from blog import create_app
from blog.extensions import db
from tests.conftest import base_config
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def served(tmp_path):
    """gunicorn started as `make run` starts it, on a migrated SQLite file; yields its URL."""
    database = "sqlite:///" + str(tmp_path / "served.sqlite3")
    app = create_app(base_config(database), instance_path=tmp_path / "instance")
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()
    port = free_port()
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "SECRET_KEY": "served-test",
           "DATABASE_URL": database, "BLOG_INSTANCE_PATH": str(tmp_path / "instance"),
           "BLOG_SITE_URL": f"http://127.0.0.1:{port}"}
    env.pop("REDIS_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/healthz", server)
        yield url
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert "Traceback" not in output, output


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[0].decode()
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer {url} within {seconds} s")


def test_make_run_serves_with_gunicorn(served):
    with urllib.request.urlopen(served + "/", timeout=10) as response:
        assert response.status == 200
        assert response.headers["Server"].startswith("gunicorn")
        assert "Content-Security-Policy" in response.headers
        assert "The Projectionist" in response.read().decode()


def test_make_run_uses_the_config_file():
    makefile = (ROOT / "Makefile").read_text()
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "gunicorn --config gunicorn.conf.py" in run_recipe
    assert "flask" not in run_recipe.split("setup", 1)[1]  # no development server after setup
