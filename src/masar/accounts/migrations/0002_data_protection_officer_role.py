from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(
                choices=[
                    ("admin", "Administrator"),
                    ("im_officer", "IM officer"),
                    ("enumerator", "Enumerator"),
                    ("case_worker", "Case worker"),
                    ("case_supervisor", "Case supervisor"),
                    ("partner_focal_point", "Partner focal point"),
                    ("government_officer", "Government officer"),
                    ("cfm_officer", "CFM officer"),
                    ("psea_focal_point", "PSEA focal point"),
                    ("data_protection_officer", "Data protection officer"),
                ],
                max_length=32,
                verbose_name="role",
            ),
        ),
    ]
