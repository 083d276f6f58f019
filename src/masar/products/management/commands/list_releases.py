from django.core.management.base import BaseCommand, CommandError

from masar.products.queries import list_releases
from masar.tracking.models import Round
from masar.tracking.queries import find_round


class Command(BaseCommand):
    help = "Print the release log: who released what and when, with each file's SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("round", nargs="?", help="only this round (uid, period, end date)")

    def handle(self, *args, **opts):
        try:
            round_ = find_round(opts["round"]) if opts["round"] else None
        except Round.DoesNotExist as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for release in list_releases(round_):
            self.stdout.write(
                f"{release} — {release.created_at:%Y-%m-%d %H:%M} UTC by "
                f"{release.created_by.username}: {release.note or '(no note)'}"
            )
            if release.supersedes_id:
                changes = release.changes
                for key in ("added", "removed", "changed"):
                    if changes.get(key):
                        self.stdout.write(f"  {key}: {', '.join(changes[key])}")
            for file in release.files.all():
                self.stdout.write(f"  {file.sha256}  {file.size:>9}  {file.name}")
