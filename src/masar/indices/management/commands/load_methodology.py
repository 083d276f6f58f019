from django.core.management.base import BaseCommand, CommandError

from masar.indices import engine
from masar.indices.actions import MethodologyConflict, register_methodology


class Command(BaseCommand):
    help = "Store a methodology file as an immutable version (a change needs a new version)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            methodology = register_methodology(engine.read_definition(options["file"]))
        except (engine.MethodologyError, MethodologyConflict) as exc:
            raise CommandError(f"Methodology rejected: {exc}", returncode=2) from exc
        self.stdout.write(f"{methodology.key} stored")
