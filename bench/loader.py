"""Bulk loading for generated sites: executemany in chunks on SQLite, COPY on PostgreSQL.

Rows are plain dicts keyed by column name. On PostgreSQL each value goes through its column's
bind processor (enums to their values, JSON to text, the UTC datetime type) and is streamed with
``COPY ... FROM STDIN``; columns a row leaves out get their Python-side default, or the server's.
"""
from __future__ import annotations

import itertools
import json

import sqlalchemy as sa

CHUNK = 5_000


class Loader:
    """Writes rows into tables on one connection, one transaction per table."""

    def __init__(self, connection: sa.Connection):
        self.connection = connection
        self.dialect = connection.dialect
        self.postgres = self.dialect.name == "postgresql"
        if self.dialect.name == "sqlite":
            # A throwaway file being filled: no fsync; the journal stays WAL, as the app wants.
            # Set on the driver's connection, outside any transaction (SQLite refuses inside).
            raw = connection.connection.driver_connection
            raw.execute("PRAGMA synchronous=OFF")
            raw.execute("PRAGMA cache_size=-200000")

    def insert(self, table: sa.Table, rows) -> int:
        """Insert an iterable of row dicts; return how many."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        rows = itertools.chain([first], rows)
        count = self.copy(table, first, rows) if self.postgres else self.executemany(table, rows)
        self.connection.commit()
        return count

    def executemany(self, table: sa.Table, rows) -> int:
        count = 0
        statement = sa.insert(table)
        while batch := list(itertools.islice(rows, CHUNK)):
            self.connection.execute(statement, batch)
            count += len(batch)
        return count

    def copy(self, table: sa.Table, first: dict, rows) -> int:
        given = [name for name in first if name in table.c]
        defaults = python_defaults(table, given)
        columns = given + list(defaults)
        processors = [processor(table.c[name], self.dialect) for name in columns]
        fixed = list(defaults.values())
        names = ", ".join(self.dialect.identifier_preparer.quote(name) for name in columns)
        quoted = self.dialect.identifier_preparer.format_table(table)
        raw = self.connection.connection.driver_connection
        count = 0
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY {quoted} ({names}) FROM STDIN") as copy:
                for row in rows:
                    values = [row[name] for name in given] + fixed
                    copy.write_row([value if process is None or value is None
                                    else process(value)
                                    for process, value in zip(processors, values)])
                    count += 1
        raw.commit()  # COPY ran on the driver's connection, outside SQLAlchemy's transaction
        return count


def processor(column: sa.Column, dialect):
    """How a Python value of this column becomes what COPY's text format takes."""
    if isinstance(column.type, sa.JSON):
        return json.dumps  # the dialect leaves JSON to the driver's adapters, which COPY skips
    return column.type.bind_processor(dialect)


def python_defaults(table: sa.Table, given: list[str]) -> dict:
    """Values for the columns rows leave out that have a context-free Python default."""
    defaults = {}
    for column in table.c:
        if column.name in given or column.default is None or column.server_default is not None:
            continue
        default = column.default
        if default.is_scalar:
            defaults[column.name] = default.arg
        elif default.is_callable:
            try:
                defaults[column.name] = default.arg(None)
            except Exception:  # a default that needs the statement's context: the rows give it
                continue
    return defaults
