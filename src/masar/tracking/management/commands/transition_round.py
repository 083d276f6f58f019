from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from masar.tracking.models import Round
from masar.tracking.queries import find_round
from masar.tracking.workflow import ROUND_WORKFLOW


class Command(BaseCommand):
    help = (
        "Acknowledge a warning of, validate, publish, withdraw or reopen a round as a tracking "
        "manager, through the same lifecycle as the round page and the API. Exits 2 when "
        "refused (nothing changed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("round", help="uid, period START..END, end date, or DTM number")
        parser.add_argument("action", choices=[t.action for t in ROUND_WORKFLOW.transitions])
        parser.add_argument("--user", required=True, help="who takes the action (recorded)")
        parser.add_argument("--reason", default="", help="why (required to withdraw or reopen)")
        parser.add_argument("--warning", default="", help="the warning to acknowledge (BATCH:N)")
        parser.add_argument("--note", default="", help="why the figures stand (to acknowledge)")
        parser.add_argument(
            "--embargo-until", default="", help="publish under embargo until this day (YYYY-MM-DD)"
        )

    def handle(self, *args, **opts):
        try:
            round_ = find_round(opts["round"])
            user = get_user_model().objects.get(username=opts["user"], is_active=True)
        except Round.DoesNotExist as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No active user {opts['user']!r}.", returncode=2) from exc
        before = round_.get_status_display()
        data = {"reason": opts["reason"]} if opts["reason"] else {}
        data.update({key: opts[key] for key in ("warning", "note") if opts[key]})
        if opts["embargo_until"]:
            data["embargo_until"] = opts["embargo_until"]
        try:
            round_ = ROUND_WORKFLOW.run(user, round_, opts["action"], data)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(
                " ".join(getattr(exc, "messages", [str(exc)])), returncode=2
            ) from exc
        self.stdout.write(f"{round_}: {before} → {round_.get_status_display()}.")
