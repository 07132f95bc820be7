"""``flask`` commands: first-start setup, users, demo content, sending queued mail."""
import secrets
import sys

import click
import sqlalchemy as sa
from flask import current_app
from flask_migrate import upgrade

from blog.database import writing
from blog.extensions import db
from blog.models import Review, Role, User
from blog.services import image_sizes, outbox, users
from blog.services.errors import AccountError

DEMO_LOGIN_FILE = "demo-login.txt"


def read_password() -> str:
    """A password from a hidden prompt on a terminal, or the first line of standard input."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@click.command("create-user")
@click.argument("username")
@click.option("--email", required=True, help="The user's email address.")
@click.option("--role", type=click.Choice([role.value for role in Role]), default="commenter",
              show_default=True)
@click.option("--display-name", default="", help="Name shown on pages.")
def create_user_command(username, email, role, display_name):
    """Create a user; the password is read from standard input or a hidden prompt."""
    try:
        with writing():
            user = users.create_user(username, email, read_password(), role=Role(role),
                                     display_name=display_name, confirmed=True)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role.value} {user.username}.")


@click.command("send-mail")
@click.option("--limit", type=int, default=None, help="Send at most this many messages.")
def send_mail_command(limit):
    """Send the mail waiting in the outbox (for cron, or a worker when MAIL_DELIVERY=external)."""
    sent, failed = outbox.deliver_queued(limit)
    click.echo(f"Sent {sent} message(s); {failed} failed and will be retried or given up.")
    if failed:
        sys.exit(1)


@click.command("image-sizes")
def image_sizes_command():
    """Write the smaller copies of every poster and portrait that lacks them (safe to rerun)."""
    stored = image_sizes.stored_images()
    written = 0
    with click.progressbar(stored, label="Posters and portraits") as bar:
        for path in bar:
            written += len(image_sizes.make_sizes(path, only_missing=True))
    click.echo(f"Wrote {written} smaller cop{'y' if written == 1 else 'ies'} "
               f"of {len(stored)} image(s).")


@click.command("demo")
def demo_command():
    """Load the demo reviews, people, tags and comments (does nothing if already loaded)."""
    password = load_demo_with_login()
    if password is None:
        click.echo("Demo content is already loaded.")
    else:
        click.echo("Loaded the demo content.")


def load_demo_with_login() -> str | None:
    """Load the demo with a fresh admin password kept in the instance folder; None if loaded."""
    from blog.demo import DEMO_AUTHOR_USERNAME, load_demo

    password = secrets.token_urlsafe(12)
    with writing():
        loaded = load_demo(password)
    if not loaded:
        return None
    login_file = current_app.instance_path + "/" + DEMO_LOGIN_FILE
    with open(login_file, "w") as handle:
        # The demo's critic is an admin (it writes the reviews and also manages users), and
        # says so: whoever logs in with it should know what it can do.
        handle.write(f"role: admin\nusername: {DEMO_AUTHOR_USERNAME}\npassword: {password}\n")
    return password


@click.command("setup")
def setup_command():
    """Migrate the database, load the demo on first start, and print where to log in."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    if db.session.scalar(sa.select(sa.func.count(Review.id))) == 0 and \
            db.session.scalar(sa.select(sa.func.count(User.id))) == 0:
        load_demo_with_login()
        click.echo("Loaded demo content.")
    click.echo(f"\n  The blog: {current_app.config['SITE_URL']}/")
    try:
        with open(current_app.instance_path + "/" + DEMO_LOGIN_FILE) as handle:
            login = ", ".join(line for line in handle.read().split("\n")
                              if line and not line.startswith("role:"))
        click.echo(f"  Log in as the demo admin (writes the reviews, moderates every comment, "
                   f"manages users) at {current_app.config['SITE_URL']}/auth/login with "
                   f"{login}\n")
    except FileNotFoundError:
        click.echo("  Create an author with: flask --app blog create-user NAME --email E "
                   "--role author\n")


@click.command("export-wordpress")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of standard output.")
def export_wordpress_command(output):
    """Write the blog as a WordPress export (WXR 1.2) that WordPress's importer accepts."""
    from blog.wordpress.exporter import write_wxr

    site = current_app.config["SITE_URL"]
    # Links are built on the configured address, never on a request's host.
    try:
        with current_app.test_request_context("/", base_url=site):
            if output is None:
                counts = write_wxr(sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                with open(output, "wb") as handle:
                    counts = write_wxr(handle)
    finally:
        db.session.remove()  # the export's one long read ends here
    click.echo(", ".join(f"{number} {kind}" for kind, number in counts.items()), err=True)


def init_app(app):
    """Register the commands."""
    from blog.wordpress.cli import import_wordpress_command

    for command in (create_user_command, demo_command, setup_command, send_mail_command,
                    import_wordpress_command, image_sizes_command):
        app.cli.add_command(command)
    app.cli.add_command(export_wordpress_command)
