"""Build the comparison keys of members registered before duplicate detection existed."""

from django.db import migrations

from masar.dedup.linkage import member_keys

CHUNK = 5000


def build_keys(apps, schema_editor):
    Member = apps.get_model("cases", "Member")
    PersonKey = apps.get_model("dedup", "PersonKey")
    rows = Member.objects.filter(household__merged_into__isnull=True).values(
        "id", "household_id", "household__organisation_id", "household__governorate_id",
        "given_name", "father_name", "grandfather_name", "family_name", "sex",
        "date_of_birth", "birth_year", "phone", "national_id_number",
    )  # fmt: skip
    batch = []
    for row in rows.iterator(chunk_size=CHUNK):
        batch.append(
            PersonKey(
                member_id=row["id"],
                household_id=row["household_id"],
                organisation_id=row["household__organisation_id"],
                governorate_id=row["household__governorate_id"],
                **member_keys(row),
            )
        )
        if len(batch) >= CHUNK:
            PersonKey.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    PersonKey.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("dedup", "0001_keys_pairs_merges"), ("cases", "0002_list_order_and_search")]

    operations = [migrations.RunPython(build_keys, migrations.RunPython.noop)]
