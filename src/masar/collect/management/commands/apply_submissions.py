"""`masar apply_submissions`: apply every stored submission not yet applied, with progress.

Submissions are applied as they arrive; this is for those left "received" (a door that stores
in bulk, a restart between storing and applying). Those that cannot be applied wait in the
inbox, as from the server.
"""

from django.core.management.base import BaseCommand

from masar.collect import applying


class Command(BaseCommand):
    help = "Apply the submissions still marked received; the rest wait in the inbox with why."

    def handle(self, *args, **options):
        def progress(done: int, total: int) -> None:
            if done == total or done % 100 == 0:
                self.stderr.write(f"\r{done}/{total} applied or set to wait", ending="")

        counts = applying.apply_received(progress=progress)
        self.stderr.write("")
        self.stdout.write(
            f"applied: {counts.get('applied', 0)}, waiting for review: {counts.get('waiting', 0)}"
        )
