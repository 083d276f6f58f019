from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from masar.accounts.actions_security import set_password_path


class Command(BaseCommand):
    help = (
        "Print a one-time link on which a user chooses a new password (the administrator "
        "never sees or sets it). The link works until used or PASSWORD_RESET_TIMEOUT passes."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address, e.g. https://masar.example.org, to print a whole link.",
        )
        parser.add_argument(
            "--lock",
            action="store_true",
            help="Also make the current password unusable at once (a leaked password).",
        )

    def handle(self, *args, **options):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(options["username"])
        except user_model.DoesNotExist as exc:
            raise CommandError(f"No user {options['username']!r}.", returncode=2) from exc
        if options["lock"]:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        link = options["base_url"].rstrip("/") + set_password_path(user)
        self.stdout.write(f"One-time set-password link for {user.get_username()}: {link}")
