"""Writing a round's figures: many thousand fact rows, the fastest way each database offers."""

from __future__ import annotations

from django.db import connection

from ..models import Figure

FIGURE_COLUMNS = (
    "round_id", "location_id", "population_type", "origin_id", "period", "shelter", "families",
    "individuals", "batch_id",
)  # fmt: skip


def insert_rows(rows: list[tuple]) -> None:
    """Insert fact rows the fastest way each database offers, which matters for national
    rounds: COPY on PostgreSQL (psycopg splits long parameterised statements slowly), multi-row
    INSERT statements elsewhere (about twice as fast as executemany or bulk_create on SQLite).
    Both paths run under the whole test suite, which CI runs on both databases."""
    table = connection.ops.quote_name(Figure._meta.db_table)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            copy_sql = f"COPY {table} ({', '.join(FIGURE_COLUMNS)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        return
    width = len(FIGURE_COLUMNS)
    limit = connection.features.max_query_params or 65_535
    per_statement = max(1, min(500, limit // width))
    prefix = f"INSERT INTO {table} ({', '.join(FIGURE_COLUMNS)}) VALUES "
    placeholder = "(" + ", ".join(["%s"] * width) + ")"
    statements: dict[int, str] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            sql = statements.get(len(chunk))
            if sql is None:
                sql = statements[len(chunk)] = prefix + ", ".join([placeholder] * len(chunk))
            cursor.execute(sql, [value for row in chunk for value in row])
