"""The migrations build exactly the schema the models describe, and run both ways."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from blog import create_app
from blog.extensions import db
from tests.conftest import base_config


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_migrated_schema_matches_the_models(app):
    with app.app_context():
        assert schema_differences() == []


def test_migrations_downgrade_and_upgrade_cleanly(tmp_path):
    url = "sqlite:///" + str(tmp_path / "roundtrip.sqlite3")
    app = create_app(base_config(url), instance_path=tmp_path / "instance")
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory)
        downgrade(directory=directory, revision="base")
        with db.engine.connect() as connection:
            tables = db.inspect(connection).get_table_names()
        assert set(tables) <= {"alembic_version"}
        upgrade(directory=directory)
        assert schema_differences() == []
        db.engine.dispose()
