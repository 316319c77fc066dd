"""The table of Django's database cache, the default cache when no REDIS_URL is set
(config/settings.py): shared by every process, so that rate limits (innovation.core.ratelimit)
count across all gunicorn workers. Made here so that `migrate` is all a deployment runs; the
table is Django's own (the createcachetable command's definition)."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "django_cache"  # settings.CACHES["default"]["LOCATION"] without Redis


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop)]
