from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from masar.products.actions import ReleaseRefused, release_round
from masar.tracking.models import Round
from masar.tracking.queries import find_round


class Command(BaseCommand):
    help = (
        "Release a published round: CSV and XLSX tables with HXL rows, a Frictionless Data "
        "package and HDX metadata in one folder, logged with each file's checksum. A second "
        "release of a round is a correction: --note says what changed. Exits 2 when refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("round", help="uid, period START..END, end date, or DTM number")
        parser.add_argument("--note", default="", help="what this release is, or what it corrects")
        parser.add_argument("--user", required=True, help="who publishes (recorded)")
        parser.add_argument("--output", type=Path, help="folder to write (default: under var/)")

    def handle(self, *args, **opts):
        try:
            round_ = find_round(opts["round"])
            user = get_user_model().objects.get(username=opts["user"], is_active=True)
        except Round.DoesNotExist as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No active user {opts['user']!r}.", returncode=2) from exc
        try:
            release = release_round(user, round_, note=opts["note"], output=opts["output"])
        except (ReleaseRefused, PermissionDenied) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"{release}: {release.folder}")
        for file in release.files.all():
            self.stdout.write(f"  {file.sha256}  {file.size:>9}  {file.name}")
        if release.supersedes_id:
            changed = ", ".join(release.changes.get("changed", [])) or "no table"
            self.stdout.write(f"  corrects release {release.number - 1}; changed: {changed}")
