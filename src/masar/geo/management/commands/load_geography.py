from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from masar.geo.actions import load_geography
from masar.geo.choices import AdminLevel


class Command(BaseCommand):
    help = (
        "Load Iraq's governorates, districts and subdistricts with their aliases and outlines. "
        "Safe to run again: it updates and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cod-ab",
            type=Path,
            metavar="DIR",
            help="Folder holding the OCHA COD-AB GeoJSON boundaries downloaded from HDX "
            "(irq_admbnda_adm{0,1,2,3}_cso_20190603.geojson).",
        )

    def handle(self, *args, **options):
        directory = options["cod_ab"]
        if directory is not None and not directory.is_dir():
            raise CommandError(f"{directory} is not a folder.", returncode=2)
        try:
            report = load_geography(directory)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages), returncode=2) from exc
        for level in AdminLevel:
            self.stdout.write(
                f"{level.label}: {report.counts.get(level, 0)} "
                f"({report.created.get(level, 0)} new, {report.updated.get(level, 0)} updated, "
                f"{report.geometries.get(level, 0)} boundaries set)"
            )
        self.stdout.write(f"Aliases added: {report.aliases_created}")
