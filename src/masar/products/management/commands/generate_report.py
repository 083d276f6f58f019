from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from masar.core.terminal import progress_bar
from masar.products.actions import ReportRefused, generate_reports
from masar.products.report import LANGUAGES
from masar.tracking.models import Round
from masar.tracking.queries import find_round


class Command(BaseCommand):
    help = (
        "Print a released round's PDF report (English and Arabic, or --language) into the "
        "releases folder and record it; a report printed before is replaced. Exits 2 when the "
        "round is not released (draft, validated, withdrawn or under embargo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("round", help="uid, period START..END, end date, or DTM number")
        parser.add_argument("--language", choices=LANGUAGES, help="one language only")
        parser.add_argument("--user", help="who generates it (recorded; default: nobody)")

    def handle(self, *args, **opts):
        try:
            round_ = find_round(opts["round"])
        except Round.DoesNotExist as exc:
            raise CommandError(str(exc), returncode=2) from exc
        user = None
        if opts["user"]:
            user = get_user_model().objects.filter(username=opts["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {opts['user']!r}.", returncode=2)
        languages = [opts["language"]] if opts["language"] else list(LANGUAGES)
        try:
            with progress_bar() as progress:
                reports = generate_reports(user, round_, progress, languages=languages)
        except (ReportRefused, PermissionDenied) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for report in reports:
            self.stdout.write(f"{report.sha256}  {report.size:>9}  {report.path}")
