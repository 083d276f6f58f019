import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from masar.accounts.actions import create_user
from masar.accounts.choices import OrganisationKind, Role


class Command(BaseCommand):
    help = "Create or update a user with a role in an organisation (created if new)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--org", required=True, help="Organisation name.")
        parser.add_argument(
            "--org-kind", default=OrganisationKind.NGO, choices=OrganisationKind.values
        )
        parser.add_argument(
            "--governorates", default="", help="Comma-separated P-codes, e.g. IQG15,IQG01."
        )
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Read the password from this environment variable (never from the command line).",
        )
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        password = None
        if options["password_from_env"]:
            password = os.environ.get(options["password_from_env"])
            if not password:
                raise CommandError(f"Environment variable {options['password_from_env']} is empty.")
        try:
            user = create_user(
                username=options["username"],
                role=options["role"],
                organisation=options["org"],
                organisation_kind=options["org_kind"],
                governorates=options["governorates"].split(","),
                password=password,
                email=options["email"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages), returncode=2) from exc
        self.stdout.write(f"User {user.username}: {options['role']} at {options['org']}.")
