from pathlib import Path

import pandas as pd
from django.core.management.base import BaseCommand, CommandError

from masar.indices import engine

from ._files import load_methodology_arg, read_indicators


class Command(BaseCommand):
    help = (
        "Estimate indicator weights by regression. File mode: --input and --outcome, writes the "
        "new methodology version to --output. Database mode: --round, stores it as a new version."
    )

    def add_arguments(self, parser):
        parser.add_argument("--methodology", required=True, help="File or name (name in DB mode).")
        parser.add_argument("--round", help="Database mode: the round (latest, uid, end date).")
        parser.add_argument("--input", help="File mode: indicators CSV or XLSX.")
        parser.add_argument("--outcome", help="File mode: the outcome column (0/1 or a share).")
        parser.add_argument("--output", help="File mode: where to write the new version.")
        parser.add_argument("--id-column", default="location_id")
        parser.add_argument("--model", choices=["logit", "fractional"])

    def handle(self, *args, **options):
        if options["round"]:
            return self.handle_database(options)
        if not (options["input"] and options["outcome"] and options["output"]):
            raise CommandError(
                "Give --round (database), or --input, --outcome and --output (files).", returncode=2
            )
        methodology = load_methodology_arg(options["methodology"])
        frame = read_indicators(options["input"], options["id_column"])
        if options["outcome"] not in frame.columns:
            raise CommandError(f"No {options['outcome']!r} column in the input.", returncode=2)
        outcome = pd.to_numeric(frame[options["outcome"]], errors="coerce")
        try:
            estimation = engine.estimate_weights(
                methodology, frame, outcome, model=options["model"]
            )
        except (engine.AnswerError, engine.EstimationError) as exc:
            raise CommandError(f"Estimation rejected: {exc}", returncode=2) from exc
        Path(options["output"]).write_text(
            engine.dump_definition(estimation.definition), encoding="utf-8"
        )
        self.report(estimation.definition, estimation.diagnostics)

    def handle_database(self, options):
        from masar.indices import actions, queries
        from masar.indices.models import Methodology
        from masar.tracking.models import Round

        try:
            round = queries.find_round(options["round"])
        except Round.DoesNotExist as exc:
            raise CommandError(str(exc), returncode=2) from exc
        try:
            stored = actions.estimate_methodology_weights(
                options["methodology"], round, model=options["model"]
            )
        except Methodology.DoesNotExist as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except (engine.AnswerError, engine.EstimationError) as exc:
            raise CommandError(f"Estimation rejected: {exc}", returncode=2) from exc
        self.report(stored.definition, stored.diagnostics)

    def report(self, definition, diagnostics):
        self.stdout.write(
            f"{definition['name']}@{definition['version']}: {diagnostics['model']} on "
            f"{diagnostics['n']} locations ({diagnostics['n_dropped']} left out), "
            f"pseudo-R² {diagnostics['pseudo_r2']:.3f}"
        )
        for code, row in diagnostics["coefficients"].items():
            weight = diagnostics["weights"].get(code, "")
            self.stdout.write(
                f"  {code:32} coef {row['coef']:8.3f}  se {row['se']:6.3f}  weight {weight}"
            )
        for warning in diagnostics["warnings"]:
            self.stdout.write(f"  warning: {warning}")
