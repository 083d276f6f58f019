"""Back up the running instance (database, uploaded files, manifest) into a directory."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from masar.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into DIR, with a checksum manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="a new or empty directory")

    def handle(self, *args, **options) -> None:
        try:
            manifest = create_backup(options["directory"], progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {len(manifest['counts'])} tables ({rows} rows) and "
                f"{manifest['media_files']} uploaded files to {options['directory']}."
            )
        )
