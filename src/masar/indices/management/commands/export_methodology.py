import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masar.indices import engine, queries
from masar.indices.actions import ensure_shipped_methodologies
from masar.indices.models import Methodology


class Command(BaseCommand):
    help = "Write a stored methodology version to a file that compute_index and Masar read back."

    def add_arguments(self, parser):
        parser.add_argument("spec", help="NAME (latest version) or NAME@VERSION")
        parser.add_argument("--output", required=True, help=".yaml/.yml or .json")

    def handle(self, *args, **options):
        ensure_shipped_methodologies()
        try:
            methodology = queries.get_methodology(options["spec"])
        except Methodology.DoesNotExist as exc:
            raise CommandError(
                str(exc) or f"No methodology {options['spec']}", returncode=2
            ) from exc
        output = Path(options["output"])
        if output.suffix.lower() == ".json":
            text = json.dumps(methodology.definition, ensure_ascii=False, indent=2)
        else:
            text = engine.dump_definition(methodology.definition)
        output.write_text(text, encoding="utf-8")
        self.stdout.write(f"{methodology.key} → {output}")
