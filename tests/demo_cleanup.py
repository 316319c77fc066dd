"""Removing committed demo data after a module-scoped seed (tests run it outside a transaction).

Every table is emptied except Django's own bookkeeping (migrations, content types,
permissions). That includes the audit trail: the application can never delete audit rows, but
this is the test database's housekeeping, done in SQL, so later tests count only their own."""

from django.apps import apps
from django.db import connection

KEEP = {"django_migrations", "django_content_type", "auth_permission"}


def wipe_project_tables() -> None:
    tables = sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
        & set(connection.introspection.table_names()) - KEEP
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in tables) + " CASCADE")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            try:
                for table in tables:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 (model tables)
            finally:
                cursor.execute("PRAGMA foreign_keys = ON")
