"""Verify the access log's hash chain: exit 0 when intact, 1 naming the first row that breaks it."""

from django.core.management.base import BaseCommand, CommandError

from masar.accounts import access_chain


class Command(BaseCommand):
    help = "Check that no access-log row was changed, removed or inserted since it was written."

    def handle(self, *args, **options):
        report = access_chain.verify()
        if report.intact:
            self.stdout.write(f"The access log is intact: {report.rows} rows verified.")
            return
        where = f"row {report.broken_at}" if report.broken_at is not None else "the log's end"
        raise CommandError(
            f"The access log is broken at {where}: {report.problem} ({report.rows} rows read).",
            returncode=1,
        )
