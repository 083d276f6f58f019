from django.db import migrations


def copy_from_cases(apps, schema_editor):
    """Carry every programme's last number over, so references continue where they were."""
    old = apps.get_model("cases", "CaseNumberCounter")
    new = apps.get_model("core", "NumberCounter")
    for counter in old.objects.all():
        new.objects.update_or_create(
            programme=counter.programme, year=counter.year, defaults={"last": counter.last}
        )


def copy_back_to_cases(apps, schema_editor):
    old = apps.get_model("cases", "CaseNumberCounter")
    new = apps.get_model("core", "NumberCounter")
    for counter in new.objects.all():
        old.objects.update_or_create(
            programme=counter.programme, year=counter.year, defaults={"last": counter.last}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_number_counters"),
        ("cases", "0002_list_order_and_search"),
    ]

    operations = [migrations.RunPython(copy_from_cases, copy_back_to_cases)]
