from django.core.management.base import BaseCommand, CommandError

from masar.core.terminal import progress_bar
from masar.indices import actions, engine, queries
from masar.indices.models import Methodology


class Command(BaseCommand):
    help = "Compute every location's index results and the hotspots of a round, in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, help="latest, a uid, an end date or number")
        parser.add_argument(
            "--methodology",
            action="append",
            help="NAME or NAME@VERSION (repeatable); default: the latest version of each.",
        )

    def handle(self, *args, **options):
        from masar.tracking.models import Round

        try:
            round = queries.find_round(options["round"])
            methodologies = None
            if options["methodology"]:
                actions.ensure_shipped_methodologies()
                methodologies = [queries.get_methodology(m) for m in options["methodology"]]
        except (Round.DoesNotExist, Methodology.DoesNotExist) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        try:
            with progress_bar() as progress:
                reports = actions.compute_indices(round, methodologies, progress=progress)
        except engine.AnswerError as exc:
            raise CommandError(f"Answers rejected: {exc}", returncode=2) from exc
        for report in reports:
            categories = ", ".join(f"{k} {v}" for k, v in sorted(report.by_category.items()))
            self.stdout.write(
                f"{report.methodology} · {report.round}: {report.locations} locations, "
                f"{report.scored} scored ({categories}), {report.hotspots} hotspots "
                f"[compute {report.seconds_compute:.2f}s, write {report.seconds_write:.2f}s]"
            )
            if report.insufficient:
                shown = ", ".join(report.insufficient[:50])
                self.stdout.write(f"  no score (too many answers missing): {shown}")
            if report.out_of_scope:
                self.stdout.write(
                    f"  not described by this index (none of its population in the round): "
                    f"{report.out_of_scope} answered locations"
                )
            if not report.population_known:
                self.stdout.write(
                    "  no population figures: every answered location scored, "
                    "hotspots use locations only"
                )
