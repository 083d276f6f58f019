import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0004_round_embargo_and_acknowledgements"),
    ]

    operations = [
        migrations.AddField(
            model_name="emergencyevent",
            name="publication",
            field=models.CharField(
                choices=[
                    ("internal", "Not published"),
                    ("published", "Published"),
                    ("withdrawn", "Withdrawn"),
                ],
                default="internal",
                max_length=10,
                verbose_name="publication",
            ),
        ),
        migrations.AddField(
            model_name="emergencyevent",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="published at"),
        ),
        migrations.AddField(
            model_name="emergencyevent",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
    ]
