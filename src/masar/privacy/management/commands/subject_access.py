"""Write everything held about one household, for a subject-access request, as JSON."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from masar.privacy.access import household_for_subject_access
from masar.privacy.subject_access import export_subject_access


class Command(BaseCommand):
    help = (
        "Export a household's whole record (members, workflow, referrals, tickets, who read it) "
        "as JSON for a subject-access request; the export is written to the access log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case_number", help="the household's case number")
        parser.add_argument(
            "--as", dest="username", required=True, help="the staff member answering the request"
        )
        parser.add_argument("--output", type=Path, required=True, help="the JSON file to write")

    def handle(self, *args, **options) -> None:
        try:
            user = get_user_model().objects.get(username=options["username"], is_active=True)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No active user {options['username']!r}.", returncode=2) from error
        try:
            household = household_for_subject_access(user, options["case_number"])
        except Http404 as error:
            raise CommandError(
                f"No household {options['case_number']} among those {user} may see.",
                returncode=2,
            ) from error
        options["output"].write_text(export_subject_access(user, household), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {options['output']}."))
