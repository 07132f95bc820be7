"""The deployment files: the systemd units parse and end the whole process group with the
master, the environment file names what the app reads, and gunicorn.conf.py loads as gunicorn
loads it, with only settings gunicorn knows."""
from __future__ import annotations

import configparser
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

from gunicorn.config import Config

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    """A unit file read as INI (systemd's syntax is a superset for what these files use)."""
    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in systemd
    parser.read_string((DEPLOY / name).read_text())
    return parser


def test_the_service_ends_the_process_group_with_the_master_and_restarts():
    service = unit("blog.service")["Service"]
    assert service["KillMode"] in ("mixed", "control-group")
    assert service["Restart"] == "always"
    assert service["EnvironmentFile"] == "/etc/blog/blog.env"
    assert "gunicorn --config" in service["ExecStart"]
    assert service["ExecStart"].endswith("/gunicorn.conf.py")
    assert int(service["TimeoutStopSec"]) >= 20  # gunicorn.conf.py's graceful_timeout
    assert unit("blog.service")["Unit"]["Requires"] == "blog.socket"


def test_the_socket_listens_on_loopback_for_nginx():
    socket = unit("blog.socket")["Socket"]
    assert socket["ListenStream"] == "127.0.0.1:8000"
    assert "proxy_pass http://127.0.0.1:8000;" in (DEPLOY / "nginx.conf").read_text()


def test_the_proxy_waits_for_a_studio_import_and_gunicorn_threads_outlive_its_timeout():
    """A WordPress import runs in its request for minutes: nginx must wait for it, and the
    workers must be threaded (a sync worker busy past ``timeout`` is killed; a gthread worker
    keeps answering its master while a thread works)."""
    import re

    conf = (DEPLOY / "nginx.conf").read_text()
    block = conf[conf.index("location /write/import"):]
    block = block[:block.index("}")]
    assert re.search(r"proxy_read_timeout\s+(\d+)m;", block)
    assert int(re.search(r"proxy_read_timeout\s+(\d+)m;", block).group(1)) >= 10
    settings = {}
    exec((DEPLOY.parent / "gunicorn.conf.py").read_text(), settings)
    assert settings["worker_class"] == "gthread"


def test_the_environment_file_sets_what_the_app_reads():
    names = {line.split("=", 1)[0] for line in (DEPLOY / "blog.env.example").read_text()
             .splitlines() if line and not line.startswith("#")}
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "BLOG_SITE_URL"} <= names


def test_systemd_accepts_the_units(tmp_path):
    """systemd-analyze verify, with the install paths pointed at this checkout and venv."""
    require_service(shutil.which("systemd-analyze") is not None, "systemd-analyze")
    venv = Path(sys.executable).parent.parent
    for name in ("blog.service", "blog.socket"):
        text = (DEPLOY / name).read_text().replace("/srv/blog/.venv", str(venv))
        (tmp_path / name).write_text(text.replace("/srv/blog", str(ROOT)))
    require_service((venv / "bin" / "flask").exists() and (venv / "bin" / "gunicorn").exists(),
                    "a virtualenv with the flask and gunicorn scripts (for the unit's paths)")
    result = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "blog.service"),
                             str(tmp_path / "blog.socket")],
                            capture_output=True, text=True, timeout=60)
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if "blog." in line]
    assert result.returncode == 0 and problems == [], result.stdout + result.stderr


def gunicorn_config(monkeypatch, **env) -> Config:
    """gunicorn.conf.py loaded as gunicorn does: each name it sets goes through Config.set."""
    for name in ("REDIS_URL", "WEB_CONCURRENCY", "GUNICORN_THREADS", "HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    names = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config = Config()
    for key, value in names.items():
        if key.startswith("_") or type(value).__name__ == "module":
            continue
        assert key in config.settings, f"gunicorn has no setting {key!r}"
        config.set(key, value)  # validates the value as gunicorn would
    return config


def test_gunicorn_settings_load_with_threads_in_one_worker_without_redis(monkeypatch):
    config = gunicorn_config(monkeypatch)
    assert config.worker_class_str == "gthread"
    assert config.workers == 1 and config.threads == 8
    assert config.address == [("127.0.0.1", 5000)]
    assert config.wsgi_app == "blog:create_app()"
    assert config.timeout == 30 and config.graceful_timeout <= 25  # within TimeoutStopSec


def test_gunicorn_runs_several_workers_with_redis(monkeypatch):
    config = gunicorn_config(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/0",
                             HOST="0.0.0.0", PORT="8000")
    assert config.workers >= 3
    assert config.address == [("0.0.0.0", 8000)]
    assert gunicorn_config(monkeypatch, WEB_CONCURRENCY="4", GUNICORN_THREADS="2").workers == 4


def test_a_worker_freezes_what_it_loaded_out_of_the_collectors_passes(monkeypatch):
    import gc

    config = gunicorn_config(monkeypatch)
    assert gc.get_freeze_count() == 0
    try:
        config.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
