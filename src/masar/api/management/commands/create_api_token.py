"""`masar create_api_token USERNAME [--days N] [--name NAME]`: print a new API token once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from masar.api import actions


class Command(BaseCommand):
    help = "Make an API token for a user and print it; only its digest is kept."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help="default MASAR_API_TOKEN_DAYS")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, username, days, name, **options):
        try:
            user = get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError("no active user with that username", returncode=2) from None
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1", returncode=2)
        token, clear = actions.create_api_token(user, name, days)
        self.stderr.write(f"Token {token.token_key}… expires {token.expiry:%Y-%m-%d %H:%M %Z}.")
        self.stdout.write(clear)
