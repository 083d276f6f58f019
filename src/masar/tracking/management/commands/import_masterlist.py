import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masar.core.terminal import progress_bar
from masar.tracking.importing import ImportRejected, Options, import_masterlist, shipped_layouts
from masar.tracking.importing.report import report_lines


class Command(BaseCommand):
    help = (
        "Import a master list (CSV or XLSX) into the round of the given period. Exits 2 with a "
        "report when the file is rejected (nothing is written)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--round-start", required=True, type=date.fromisoformat)
        parser.add_argument("--round-end", required=True, type=date.fromisoformat)
        parser.add_argument("--round-number", type=int)
        layout = parser.add_mutually_exclusive_group()
        layout.add_argument("--layout", default="masar", choices=shipped_layouts())
        layout.add_argument(
            "--layout-file", type=Path, help="a layout file of this server's, instead of --layout"
        )
        parser.add_argument("--population", choices=["idp", "returnee"])
        parser.add_argument("--on-unresolved", choices=["reject", "parent"], default="reject")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true", help="print the whole report as JSON")
        parser.add_argument("--household-size", type=float)
        parser.add_argument("--camp-household-size", type=float)

    def handle(self, *args, **opts):
        options = Options(
            round_start=opts["round_start"],
            round_end=opts["round_end"],
            round_number=opts["round_number"],
            layout=opts["layout_file"].stem[:60] if opts["layout_file"] else opts["layout"],
            layout_file=opts["layout_file"],
            population=opts["population"],
            on_unresolved=opts["on_unresolved"],
            dry_run=opts["dry_run"],
            household_size=opts["household_size"],
            camp_household_size=opts["camp_household_size"],
        )
        try:
            with progress_bar() as progress:
                report = import_masterlist(opts["file"], options, progress=progress)
        except ImportRejected as rejected:
            self._print(rejected.report, opts["json"])
            raise CommandError(rejected.report.get("error", "rejected"), returncode=2) from None
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {opts['file']}", returncode=2) from exc
        self._print(report, opts["json"])

    def _print(self, report, as_json):
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        else:
            self.stdout.write("\n".join(report_lines(report)))
