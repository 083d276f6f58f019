import json

from django.core.management.base import BaseCommand, CommandError

from masar.geo.resolver import resolve_area


class Command(BaseCommand):
    help = "Show which administrative areas a code or name resolves to, best first."

    def add_arguments(self, parser):
        parser.add_argument("text")
        parser.add_argument("--level", type=int, required=True, choices=[0, 1, 2, 3])
        parser.add_argument("--parent", help="P-code of the area to search within.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options):
        matches = resolve_area(options["text"], options["level"], options["parent"])
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "pcode": m.pcode,
                            "name_en": m.name_en,
                            "name_ar": m.name_ar,
                            "score": m.score,
                            "matched": m.matched,
                            "exact": m.exact,
                        }
                        for m in matches
                    ],
                    ensure_ascii=False,
                )
            )
        else:
            for m in matches:
                self.stdout.write(f"{m.pcode}\t{m.name_en}\t{m.name_ar}\t{m.score:g}")
        if not matches:
            raise CommandError(f"No area at level {options['level']} matches.", returncode=2)
