"""Anonymise closed cases, closed tickets and uploads older than their retention periods."""

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from masar.privacy.retention import apply_retention, retention_periods


class Command(BaseCommand):
    help = (
        "Remove names, phones, ID numbers and free text from records past their retention "
        "periods (MASAR_RETENTION_*_DAYS); every aggregate figure stays as it was."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be anonymised, change nothing"
        )

    def handle(self, *args, **options) -> None:
        periods = retention_periods()
        self.stdout.write(
            f"Retention periods: closed cases {periods['cases']} days, closed tickets "
            f"{periods['tickets']} days, uploaded files {periods['uploads']} days."
        )
        report = apply_retention(timezone.now(), dry_run=options["dry_run"])
        for line in report.lines():
            self.stdout.write(line)
