"""Measure who the indices describe and how severity spreads, on an existing database.

Run on a built demo (national or small), e.g.:
    MASAR_DATA_DIR=/tmp/masar-national .venv/bin/python bench/indices/return_index_spread.py
For the latest round (or --round) and the latest version of each index, prints the results, how
many sit at locations without the index's population (should be 0), the locations and people by
category, and the share of the population in high-severity locations (IOM DTM Iraq publishes
about 11-12% of returnees in high-severity locations of return, e.g. Return Index Round 15).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masar.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from masar.indices import queries  # noqa: E402
from masar.indices.models import Hotspot, IndexResult  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", default="latest")
    args = parser.parse_args()
    round_ = queries.find_round(args.round)
    users = get_user_model().objects
    admin = users.filter(is_superuser=True).first() or users.get(username="im_officer")
    print(f"round {round_.number} ({round_})")
    for methodology in queries.latest_methodologies():
        eng = methodology.engine
        population = queries.get_population(round_, eng.population_type) or {}
        results = IndexResult.objects.filter(round=round_, methodology=methodology)
        located = list(results.values_list("location_id", "category"))
        without = [(loc, cat) for loc, cat in located if population.get(loc, 0) <= 0]
        high_without = [loc for loc, cat in without if cat == "high"]
        dashboard = queries.get_dashboard(admin, round_, methodology)
        print(
            f"{methodology.key}: {len(located)} results, {len(without)} at locations with no "
            f"{eng.population_type}; high {sum(c == 'high' for _, c in located)} "
            f"(of which {len(high_without)} without); hotspots "
            f"{Hotspot.objects.filter(round=round_, methodology=methodology).count()}"
        )
        for row in dashboard["summary"]:
            print(
                f"  {row['category']:<7} {row['locations']:>6} locations "
                f"({row['locations_share']:>5}%) {row['population']:>10,} people "
                f"({row['population_share']:>5}%)"
            )


if __name__ == "__main__":
    main()
