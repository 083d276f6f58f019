"""Field submissions applied, and the submission endpoint, on SQLite or PostgreSQL.

1. 10,000 key-informant submissions (one per location, every Return Index indicator answered)
   are stored as ODK Collect would leave them, then applied to the round in one bulk run
   (`collect.applying.apply_received`, what `masar apply_submissions` runs). The baseline is
   the same answers entered the other way a data unit has today, once per location through the
   key-informant page (`/indices/assess/`, a POST per location), timed in the same run on a
   sample and given per submission.
2. The OpenRosa submission endpoint (`POST /collect/submission`, multipart, Basic auth with a
   device credential) over 1,000 posts: each stored, deduplicated by its instanceID and applied.
   The median is set against the signed-in home page timed in the same run.

    .venv/bin/python bench/collect/apply.py                                      # SQLite (temp)
    scripts/throwaway-postgres.sh .venv/bin/python bench/collect/apply.py        # PostgreSQL
    options: --submissions N (default 10000) --posts N (default 1000) --sample N (default 300)
"""

from __future__ import annotations

import argparse
import base64
import statistics
import sys
import time
import uuid
from pathlib import Path


def setup(locations: int):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from start_django import start_django

    start_django("masar-bench-collect-")
    from django.utils import timezone

    from masar.demo.actions import create_demo_users
    from masar.geo.actions import load_geography
    from masar.geo.models import AdminArea, Location
    from masar.indices.actions import ensure_shipped_methodologies
    from masar.tracking.models import Round

    load_geography()
    create_demo_users()
    ensure_shipped_methodologies()
    area = AdminArea.objects.filter(level=3, pcode__startswith="IQG15").order_by("pcode").first()
    Location.objects.bulk_create(
        [
            Location(
                external_id=f"B-{n:06d}",
                name_en=f"Bench {n}",
                area=area,
                governorate=area.parent.parent,
            )
            for n in range(locations)
        ],
        batch_size=2000,
    )
    today = timezone.localdate()
    return Round.objects.create(
        number=1, start_date=today.replace(day=1), end_date=today.replace(day=28)
    )


def ki_xml(form, round_, location_id: str, option: int) -> bytes:
    """A filled key-informant form as ODK Collect sends it, every indicator in its group."""
    choices: dict[str, list[str]] = {}
    for cells in form.choices:
        choices.setdefault(cells["list_name"], []).append(cells["name"])
    body, current = [], ""
    for cells in form.survey:
        kind = cells["type"]
        if kind == "begin_group":
            current = f"<{cells['name']}>"
        elif kind == "end_group":
            body.append(current + f"</{cells['name']}>")
        elif kind.startswith("select_one "):
            options = choices[kind.split()[1]]
            current += f"<{cells['name']}>{options[option % len(options)]}</{cells['name']}>"
    return (
        f'<?xml version="1.0"?><data id="{form.form_id}" version="{form.version}">'
        f"<round>{round_.uid}</round><location>{location_id}</location>{''.join(body)}"
        f"<meta><instanceID>uuid:{uuid.uuid4()}</instanceID></meta></data>"
    ).encode()


def page_answers(form, option: int) -> dict[str, str]:
    """The same answers as the key-informant page posts them (the options' values)."""
    choices: dict[str, list[str]] = {}
    for cells in form.choices:
        choices.setdefault(cells["list_name"], []).append(cells["name"])
    return {
        cells["name"]: choices[cells["type"].split()[1]][option % 2]
        for cells in form.survey
        if cells["type"].startswith("select_one ") and cells["name"] not in ("round", "location")
    }


def _errors(response) -> object:
    context = response.context or {}
    return [
        getattr(context.get(name), "errors", None) for name in ("choose", "form") if name in context
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=1_000)
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()
    total_locations = args.submissions + args.posts + args.sample
    round_ = setup(total_locations)

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client

    from masar.collect import actions, applying, queries
    from masar.collect import questionnaires as q
    from masar.collect.models import Submission
    from masar.indices.models import IndicatorValue

    print(f"database: {connection.vendor}")
    officer = get_user_model().objects.get(username="im_officer")
    form = next(f for f in queries.served_questionnaires() if f.name == q.KEY_INFORMANT)
    methodology = form.context["methodology"].split("@")[0]

    # 1. Bulk apply against the page, once per location.
    started = time.perf_counter()
    for n in range(args.submissions):
        actions.receive_submission(officer, ki_xml(form, round_, f"B-{n:06d}", n), [])
    stored_s = time.perf_counter() - started
    started = time.perf_counter()
    counts = applying.apply_received()
    apply_s = time.perf_counter() - started
    values = IndicatorValue.objects.filter(round=round_).count()
    assert counts.get("applied") == args.submissions, counts
    print(
        f"stored {args.submissions:,} submissions in {stored_s:.1f} s; applied them in "
        f"{apply_s:.1f} s ({apply_s / args.submissions * 1000:.2f} ms each): {values:,} values"
    )

    client = Client()
    client.force_login(officer)
    page_ms = []
    first = args.submissions + args.posts
    for n in range(first, first + args.sample):
        query = f"index={methodology}&round={round_.uid}&location=B-{n:06d}"
        began = time.perf_counter()
        response = client.post(f"/indices/assess/?{query}", page_answers(form, n))
        page_ms.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 302, _errors(response) or response.content.decode()[-3000:]
    page_median = statistics.median(page_ms)
    bulk_each = apply_s / args.submissions * 1000
    print(
        f"baseline, the key-informant page once per location: median {page_median:.2f} ms "
        f"over {args.sample} posts; bulk apply per submission {bulk_each:.2f} ms "
        f"(ratio {bulk_each / page_median:.2f}); 10,000 by the page ≈ "
        f"{page_median * 10:.0f} s against {apply_s / args.submissions * 10_000:.1f} s"
    )

    # 2. The submission endpoint.
    _credential, secret = actions.create_credential(officer, "Bench tablet")
    token = base64.b64encode(f"im_officer:{secret}".encode()).decode()
    headers = {"HTTP_AUTHORIZATION": f"Basic {token}", "HTTP_X_OPENROSA_VERSION": "1.0"}
    device = Client()
    home_ms, post_ms = [], []
    for n in range(args.submissions, args.submissions + args.posts):
        xml = ki_xml(form, round_, f"B-{n:06d}", n)
        began = time.perf_counter()
        response = device.post(
            "/collect/submission",
            {"xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml")},
            **headers,
        )
        post_ms.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 201, response.content[:300]
        if n % 10 == 0:
            began = time.perf_counter()
            client.get("/")
            home_ms.append((time.perf_counter() - began) * 1000)
    applied = Submission.objects.filter(status="applied").count()
    post_median, home_median = statistics.median(post_ms), statistics.median(home_ms)
    print(
        f"submission endpoint: median {post_median:.2f} ms, p95 "
        f"{sorted(post_ms)[int(len(post_ms) * 0.95)]:.2f} ms over {args.posts:,} posts "
        f"(stored, deduplicated, applied); home page median {home_median:.2f} ms "
        f"(ratio {post_median / home_median:.2f}); {applied:,} submissions applied in all"
    )


if __name__ == "__main__":
    main()
