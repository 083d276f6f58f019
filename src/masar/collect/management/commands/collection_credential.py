"""`masar collection_credential create|revoke|list`: the per-device secrets ODK Collect signs
in with (username and device secret), so that no staff password is kept on a phone."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from masar.collect import actions
from masar.collect.models import CollectionCredential


class Command(BaseCommand):
    help = "Create (shown once), revoke or list a user's device credentials for ODK Collect."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("--label", required=True, help="Which device, e.g. 'Tablet 12'.")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("uid")
        listing = sub.add_parser("list")
        listing.add_argument("username")

    def handle(self, *args, verb, **options):
        if verb == "revoke":
            credential = CollectionCredential.objects.filter(uid=options["uid"]).first()
            if credential is None:
                raise CommandError("No such credential.", returncode=2)
            actions.revoke_credential(credential)
            self.stdout.write(f"Revoked {credential.uid} ({credential.label}).")
            return
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("No such user.", returncode=2)
        if verb == "create":
            credential, secret = actions.create_credential(user, options["label"])
            self.stdout.write(f"Credential {credential.uid} for {credential.label}.")
            self.stdout.write(f"Username: {user.get_username()}")
            self.stdout.write(f"Password: {secret}")
            self.stdout.write("The password is shown only now: enter it in ODK Collect.")
            return
        for credential in user.collection_credentials.all():
            state = f"revoked {credential.revoked_at:%Y-%m-%d}" if credential.revoked_at else "live"
            self.stdout.write(f"{credential.uid}\t{credential.label}\t{state}")
