import pandas as pd
from django.core.management.base import BaseCommand, CommandError

from masar.geo.models import Location
from masar.indices import actions, engine, queries
from masar.indices.models import Methodology

from ._files import read_indicators


class Command(BaseCommand):
    help = (
        "Import key-informant answers of one index for a round from a CSV/XLSX in the "
        "compute_index layout (location_id = Masar location id, one column per indicator). "
        "All or nothing: any unknown location or invalid answer rejects the file, every "
        "problem listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--round", required=True)
        parser.add_argument("--index", required=True, help="Methodology name, e.g. return-index")
        parser.add_argument("--id-column", default="location_id")

    def handle(self, *args, **options):
        from masar.tracking.models import Round

        try:
            round = queries.find_round(options["round"])
            actions.ensure_shipped_methodologies()
            methodology = queries.get_methodology(options["index"]).engine
        except (Round.DoesNotExist, Methodology.DoesNotExist) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        frame = read_indicators(options["file"], options["id_column"])
        columns = [c for c in methodology.indicator_codes if c in frame.columns]
        if not columns:
            raise CommandError("No indicator column of this index in the file.", returncode=2)
        known = dict(
            Location.objects.filter(external_id__in=list(frame.index)).values_list(
                "external_id", "id"
            )
        )
        problems = [f"location {i}: unknown location id" for i in frame.index if i not in known]
        try:
            engine.severities(methodology, frame[columns])
        except engine.AnswerError as exc:
            problems += exc.problems
        if problems:
            raise CommandError(
                f"{len(problems)} problems, nothing imported:\n  " + "\n  ".join(problems),
                returncode=2,
            )
        answers = frame[columns].apply(pd.to_numeric)
        answers.index = [known[i] for i in frame.index]
        stored = actions.store_answers(round, methodology.name, answers)
        self.stdout.write(f"{stored} answers for {len(answers)} locations ({round})")
