import json

from django.core.management.base import BaseCommand, CommandError

from masar.tracking.importing import ImportRejected
from masar.tracking.importing.dtm_api import import_dtm_api


class Command(BaseCommand):
    help = (
        "Import a DTM API displacement export (CSV, optionally with an HXL row, or JSON) into "
        "admin-level figures, one round per reporting date. Reports every period where the "
        "country figure differs from the sum of its governorates or districts. Exits 2 when "
        "the file is rejected (nothing is written)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--json",
            action="store_true",
            help="print the whole report, with the country and sum figures per reporting date",
        )

    def handle(self, *args, **opts):
        try:
            report = import_dtm_api(opts["file"], dry_run=opts["dry_run"])
        except ImportRejected as rejected:
            self._print(rejected.report, opts["json"])
            raise CommandError(rejected.report.get("error", "rejected"), returncode=2) from None
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {opts['file']}", returncode=2) from exc
        self._print(report, opts["json"])

    def _print(self, report: dict, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        rows = report["rows"]
        self.stdout.write(
            f"{report['file']}: {report.get('outcome')} — read {rows['read']}, "
            f"imported {rows['imported']}, rejected {rows['rejected']}"
        )
        if report.get("error"):
            self.stdout.write(f"Error: {report['error']}")
        for r in report["rejected"][:20]:
            self.stdout.write(f"  row {r['row']}, {r['column']} = {r['value']!r}: {r['reason']}")
        for p in report["periods"]:
            flag = "  MISMATCH" if p["mismatch"] else ""
            self.stdout.write(
                f"  {p['reporting_date']} round {p['round_number'] or '-'}: country "
                f"{p['country']}, governorates {p['governorate_sum']}, "
                f"districts {p['district_sum']}{flag}"
            )
