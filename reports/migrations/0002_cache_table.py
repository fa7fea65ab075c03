from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The public section's cache lives in the database by default
    # (DJANGO_CACHE_URL=db://django_cache): create its table with the schema,
    # so that `migrate` is the only step of a deployment. A no-op for other
    # cache backends and when the table exists.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
