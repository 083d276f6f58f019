"""`masar pull_submissions`: pull what is new on a KoBoToolbox or ODK Central form.

The token or password comes from the environment (MASAR_KOBO_TOKEN; MASAR_CENTRAL_EMAIL and
MASAR_CENTRAL_PASSWORD) or from a saved source, never from the command line, where it would be
left in the shell history and the process list.
"""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from masar.collect import pulling
from masar.collect.choices import PullKind
from masar.collect.models import PullSource

ENV = {PullKind.KOBO: "MASAR_KOBO_TOKEN", PullKind.CENTRAL: "MASAR_CENTRAL_PASSWORD"}


class Command(BaseCommand):
    help = "Pull new submissions from KoBoToolbox or ODK Central, store and apply them."

    def add_arguments(self, parser):
        parser.add_argument("--source", choices=PullKind.values)
        parser.add_argument("--url", help="The server, e.g. https://kf.kobotoolbox.org")
        parser.add_argument("--form", help="The KoBo asset UID or the Central xmlFormId.")
        parser.add_argument("--project", type=int, help="The Central project ID.")
        parser.add_argument("--questionnaire", help="The Masar form ID the submissions fill.")
        parser.add_argument("--saved", help="The name of a saved pull source instead.")
        parser.add_argument("--as", dest="username", required=True, help="Store and apply as.")
        parser.add_argument("--page-size", type=int, default=500)
        parser.add_argument("--from-start", action="store_true", help="Ignore the cursor.")
        parser.add_argument("--no-apply", action="store_true", help="Only store.")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.", returncode=2)
        source = self._source(options, user)
        if options["page_size"] < 1 or options["page_size"] > 30000:
            raise CommandError("--page-size must be between 1 and 30000.", returncode=2)

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"\r{done}/{total} pulled", ending="")

        try:
            result = pulling.pull(
                user,
                source,
                page_size=options["page_size"],
                apply=not options["no_apply"],
                progress=progress,
                from_start=options["from_start"],
            )
        except pulling.PullRefused as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stderr.write("")
        self.stdout.write(
            f"stored: {result.stored}, already had: {result.already_had}, "
            f"applied: {result.applied}, waiting for review: {result.waiting}"
        )

    def _source(self, options, user) -> PullSource:
        if options["saved"]:
            source = PullSource.objects.filter(name=options["saved"]).first()
            if source is None:
                raise CommandError(f"No saved pull source {options['saved']!r}.", returncode=2)
            return source
        missing = [flag for flag in ("source", "url", "form", "questionnaire") if not options[flag]]
        if missing:
            raise CommandError(
                "Give --saved NAME, or all of " + ", ".join(f"--{m}" for m in missing) + ".",
                returncode=2,
            )
        kind = options["source"]
        if kind == PullKind.CENTRAL and not options["project"]:
            raise CommandError("A pull from ODK Central needs --project.", returncode=2)
        username = os.environ.get("MASAR_CENTRAL_EMAIL", "") if kind == PullKind.CENTRAL else ""
        if kind == PullKind.CENTRAL and not username:
            raise CommandError("Set MASAR_CENTRAL_EMAIL to the Central user.", returncode=2)
        source, _created = PullSource.objects.get_or_create(
            kind=kind,
            base_url=options["url"].rstrip("/"),
            remote_form=options["form"],
            project=options["project"],
            form_id=options["questionnaire"],
            defaults={
                "name": f"{kind}:{options['form']}"[:100],
                "secret_env": ENV[kind],
                "username": username,
                "created_by": user,
            },
        )
        return source
