"""First-start set-up that must happen before the app can load: a random secret key.

Run as ``python -m blog.bootstrap [INSTANCE_PATH]``; it writes ``config.py`` into the instance
folder once and leaves an existing file alone.
"""
import sys
from pathlib import Path

from blog.instance import ensure_instance_config, instance_path_from_env

if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else instance_path_from_env()
    if ensure_instance_config(target):
        print(f"Wrote a new secret key to {target / 'config.py'}")
