import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from masar.core.jobs import mark_interrupted
from masar.demo.actions import DEMO_USERS, build_demo


class Command(BaseCommand):
    help = (
        "Build the demonstration instance (geography, synthetic national data set, one user per "
        "role) and serve it on http://127.0.0.1:8000 . Re-running only serves what exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Build, then exit.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--scale", choices=["small", "national"], default="national")
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Serve without the background worker (queued pulls then wait).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        build_demo(seed=options["seed"], scale=options["scale"], report=self.stdout.write)
        self.stdout.write(f"Demo instance ready in {time.monotonic() - started:.1f} s.")
        self.stdout.write(
            f"Demo users (one per role), all with the password {settings.MASAR['DEMO_PASSWORD']!r}:"
        )
        for username, role, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<22} {role}")
        if options["no_serve"]:
            return
        worker = None
        if not options["no_worker"]:
            interrupted = mark_interrupted()  # left "running" by a worker that was stopped
            if interrupted:
                self.stdout.write(f"{interrupted} interrupted background job(s) marked failed.")
            # Work queued from the pages (pulls from KoBoToolbox and ODK Central) runs here.
            worker = subprocess.Popen(
                [sys.executable, "-m", "masar.cli", "db_worker", "--no-reload", "--interval", "2"]
            )
            self.stdout.write(f"Background worker started (process {worker.pid}).")
        self.stdout.write(f"Serving on http://{options['addrport']}/ (Ctrl-C to stop)")
        try:
            call_command("runserver", options["addrport"], use_reloader=False, skip_checks=True)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
