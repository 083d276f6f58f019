"""Restore a backup made by `masar backup` into this instance."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from masar.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Verify and restore the backup in DIR; refuses an instance holding data unless --force."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="a directory written by `masar backup`")
        parser.add_argument(
            "--force", action="store_true", help="replace the data this instance already holds"
        )

    def handle(self, *args, **options) -> None:
        try:
            report = restore_backup(
                options["directory"], force=options["force"], progress=self.stdout.write
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {report.tables} tables ({report.rows} rows, counts match the "
                f"manifest) and {report.files} uploaded files."
            )
        )
