"""The instance folder: where it is, and the secret key written into it on first start."""
import os
import secrets
from pathlib import Path

DEFAULT_INSTANCE = Path(__file__).resolve().parent.parent / "instance"


def instance_path_from_env() -> Path:
    """Return the instance folder: ``BLOG_INSTANCE_PATH`` if set, else ``instance/`` beside blog/."""
    return Path(os.environ.get("BLOG_INSTANCE_PATH") or DEFAULT_INSTANCE)


def ensure_instance_config(instance_path: Path) -> bool:
    """Write ``config.py`` with a fresh secret key unless it exists; return whether it wrote."""
    instance_path.mkdir(parents=True, exist_ok=True)
    config_file = instance_path / "config.py"
    if config_file.exists():
        return False
    config_file.write_text(
        "# Written on first start. Keep it secret; settings here override blog/config.py.\n"
        f"SECRET_KEY = {secrets.token_hex(32)!r}\n"
    )
    config_file.chmod(0o600)
    return True

