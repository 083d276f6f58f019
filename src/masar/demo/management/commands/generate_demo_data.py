from django.core.management.base import BaseCommand, CommandError

from masar.core.demo import SCALES
from masar.demo.actions import generate_demo_data
from masar.geo.models import AdminArea


class Command(BaseCommand):
    help = "Generate the synthetic Iraq data set, deterministically for a seed. Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--scale", choices=SCALES, default="small")

    def handle(self, *args, **options):
        if not AdminArea.objects.filter(level=3).exists():
            raise CommandError("Load the geography first: masar load_geography", returncode=2)
        generate_demo_data(seed=options["seed"], scale=options["scale"], report=self.stdout.write)
