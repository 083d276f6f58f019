"""`masar export_xlsform NAME --output FILE.xlsx`: one generated questionnaire as an XLSForm,
for upload to KoBoToolbox or ODK Central, with the CSV lists it reads written beside it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masar.collect import queries
from masar.collect import questionnaires as q
from masar.indices.models import Methodology
from masar.indices.queries import get_methodology


class Command(BaseCommand):
    help = "Write a generated questionnaire as an XLSForm (and the CSV lists it reads)."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=q.NAMES)
        parser.add_argument("--output", required=True, help="The .xlsx file to write.")
        parser.add_argument(
            "--methodology", help="For key_informant: a methodology name or name@version."
        )
        parser.add_argument(
            "--case-number", help="For check_in and post_return_monitoring: the case, filled in."
        )

    def handle(self, *args, name, output, methodology=None, case_number=None, **options):
        chosen = None
        if methodology:
            try:
                chosen = get_methodology(methodology)
            except Methodology.DoesNotExist as exc:
                raise CommandError(str(exc), returncode=2) from exc
        try:
            form = q.build(name, methodology=chosen, case_number=case_number)
        except q.QuestionnaireError as exc:
            raise CommandError(f"{exc} (give --methodology SLUG)", returncode=2) from exc
        target = Path(output)
        target.write_bytes(form.xlsx())
        self.stdout.write(f"Wrote {target} ({form.form_id}, version {form.version}).")
        for filename in form.attachments:
            # An exported form goes to another server: it carries the whole list.
            media = target.with_name(filename)
            media.write_bytes(queries.media_csv(None, form, filename) or b"")
            self.stdout.write(f"Wrote {media} (upload it with the form).")
