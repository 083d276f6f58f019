"""Drop knox's default token table on databases created before it was left unmigrated.

The table was never used (tokens live in api.ApiToken), but its foreign key to users made
PostgreSQL refuse to empty the user table during a restore.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_api_token"),
    ]

    operations = [
        migrations.RunSQL(
            sql="DROP TABLE IF EXISTS knox_authtoken",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
