"""Chain the access-log rows written before the log carried hashes, in the order they were written."""

from django.db import migrations

from masar.accounts.access_chain import GENESIS, row_digest


def chain(apps, schema_editor):
    AccessLog = apps.get_model("accounts", "AccessLog")
    AccessLogHead = apps.get_model("accounts", "AccessLogHead")
    previous, count, batch = GENESIS, 0, []
    for row in AccessLog.objects.order_by("pk").iterator(chunk_size=5000):
        row.prev_hash = previous
        row.hash = previous = row_digest(previous, row)
        batch.append(row)
        count += 1
        if len(batch) == 5000:
            AccessLog.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    AccessLog.objects.bulk_update(batch, ["prev_hash", "hash"])
    AccessLogHead.objects.update_or_create(pk=1, defaults={"last_hash": previous, "rows": count})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_access_log_chain")]

    operations = [migrations.RunPython(chain, migrations.RunPython.noop)]
