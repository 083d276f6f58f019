"""`masar list_forms`: the questionnaires Masar generates, and the forms its server offers."""

from django.core.management.base import BaseCommand

from masar.collect import queries
from masar.collect import questionnaires as q


class Command(BaseCommand):
    help = "Name the questionnaires that export_xlsform writes and /collect/formList serves."

    def handle(self, *args, **options):
        for name in q.NAMES:
            suffix = "  (--methodology SLUG)" if name == q.KEY_INFORMANT else ""
            self.stdout.write(f"{name}\t{q.DESCRIPTIONS[name]}{suffix}")
        self.stdout.write("")
        self.stdout.write("Served at /collect/formList (form ID, version):")
        for form in queries.served_questionnaires():
            self.stdout.write(f"  {form.form_id}\t{form.version}\t{form.title_en}")
