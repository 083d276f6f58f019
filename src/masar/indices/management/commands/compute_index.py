import numpy as np
import pandas as pd
from django.core.management.base import BaseCommand, CommandError

from masar.indices import engine

from ._files import load_methodology_arg, read_indicators, write_table


class Command(BaseCommand):
    help = (
        "Compute an index on a plain file, with no database: one row per location (an id, "
        "optional population and subdistrict, one column per indicator code) in, the same "
        "rows with scale scores, overall score and category out. With a population column, "
        "rows with none of the index's population are left out, as in Masar."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--methodology", required=True, help="Methodology file or name.")
        parser.add_argument("--input", required=True, help="Indicators CSV or XLSX.")
        parser.add_argument("--output", required=True, help="Results CSV or XLSX.")
        parser.add_argument("--id-column", default="location_id")
        parser.add_argument("--population-column", default="population")
        parser.add_argument("--subdistrict-column", default="subdistrict")
        parser.add_argument("--hotspots", help="Also write the subdistricts to this file.")

    def handle(self, *args, **options):
        methodology = load_methodology_arg(options["methodology"])
        frame = read_indicators(options["input"], options["id_column"])
        missing = [c for c in methodology.indicator_codes if c not in frame.columns]
        if len(missing) == len(methodology.indicator_codes):
            raise CommandError(
                "No indicator column of this methodology in the input.", returncode=2
            )
        population = None
        if options["population_column"] in frame.columns:
            population = pd.to_numeric(frame[options["population_column"]], errors="coerce")
        scope = engine.in_scope(methodology, population)
        left_out = 0
        if scope is not None:
            # As in Masar: rows without the index's population get no result.
            left_out = int((~scope).sum())
            frame, population = frame[scope.to_numpy()], population[scope.to_numpy()]
        try:
            results = engine.compute_scores(methodology, frame, population)
        except engine.AnswerError as exc:
            raise CommandError(f"Answers rejected: {exc}", returncode=2) from exc
        computed = [c for c in results.columns if c != "population"]
        output = pd.concat(
            [frame.drop(columns=computed, errors="ignore"), results[computed]], axis=1
        )
        write_table(output, options["output"])
        self.stdout.write(f"{methodology.key}: {len(results)} locations → {options['output']}")
        for category in methodology.categories:
            count = int((results["category"] == category.code).sum())
            self.stdout.write(f"  {category.code}: {count}")
        insufficient = results.index[results["status"] == engine.INSUFFICIENT]
        if len(insufficient):
            shown = ", ".join(map(str, insufficient[:50]))
            self.stdout.write(
                f"  no score (too many answers missing): {len(insufficient)}: {shown}"
            )
        if left_out:
            self.stdout.write(
                f"  left out (no {methodology.population_type} population in "
                f"{options['population_column']}): {left_out}"
            )
        if missing:
            self.stdout.write(f"  indicators absent from the input: {', '.join(missing)}")
        if options["hotspots"]:
            if options["subdistrict_column"] not in frame.columns:
                raise CommandError("Hotspots need a subdistrict column.", returncode=2)
            results["subdistrict"] = frame[options["subdistrict_column"]]
            hotspots = engine.find_hotspots(methodology, results)
            write_table(hotspots, options["hotspots"])
            self.stdout.write(f"  hotspots: {int(np.sum(hotspots['hotspot']))}")
