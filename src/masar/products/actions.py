"""Publishing a round: the release files, their data package, the HDX metadata and the log;
and the round's PDF report in English and Arabic (`generate_reports`).

`release_round` writes one folder per release — every table as CSV and XLSX, each with an HXL
hashtag row under its header, a Frictionless Data package (`datapackage.json`) describing them,
and `hdx_dataset.json` with HDX's dataset fields — so the folder can be uploaded to HDX by hand
as it is. Nothing is sent anywhere. The release and each file's checksum are logged; a release
never changes, and a correction is a new release that supersedes it and says what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from masar.accounts.grants import small_cells_threshold
from masar.core.jobs import Progress
from masar.lib.exports import csv_bytes, xlsx_bytes
from masar.tracking.access import is_released
from masar.tracking.choices import RoundStatus
from masar.tracking.models import Round

from . import queries, report
from .access import require_releaser
from .models import Release, ReleaseFile, RoundReport
from .suppression import WITHHELD, Protected, protect

# HDX licence ids (what `hdx_dataset.json` carries) and their Data Package licence entries.
LICENSES: dict[str, dict[str, str]] = {
    "cc-by-igo": {
        "name": "CC-BY-IGO-3.0",
        "path": "https://creativecommons.org/licenses/by/3.0/igo/",
        "title": "Creative Commons Attribution for Intergovernmental Organisations 3.0",
    },
    "cc-by": {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0",
    },
    "odc-by": {
        "name": "ODC-By-1.0",
        "path": "https://opendatacommons.org/licenses/by/1-0/",
        "title": "Open Data Commons Attribution License 1.0",
    },
}

METADATA_FILES = ("datapackage.json", "hdx_dataset.json")


class ReleaseRefused(Exception):
    """The release cannot be made as asked (nothing was written)."""


@dataclass(frozen=True)
class _Written:
    name: str
    content: bytes


def release_round(user, round_: Round, *, note: str = "", output: Path | None = None) -> Release:
    """Release a published round as `user` (a tracking manager): write its folder, log it.

    A round released before gets a correction: `note` (what changed, required then) and the
    files that differ are recorded, and every count the earlier releases withheld stays
    withheld (see `masar.products.suppression`).
    """
    require_releaser(user)
    if round_.status != RoundStatus.PUBLISHED:
        raise ReleaseRefused(f"{round_} is {round_.get_status_display()}: publish it first.")
    if not is_released(round_):
        raise ReleaseRefused(f"{round_} is under embargo until {round_.embargo_until}.")
    with transaction.atomic():
        # One release at a time per round: the numbers and the corrections' history follow.
        Round.objects.select_for_update().get(pk=round_.pk)
        earlier = list(Release.objects.filter(round=round_).order_by("number"))
        previous = earlier[-1] if earlier else None
        if previous is not None and not note.strip():
            raise ReleaseRefused(
                f"{round_} was released before (release {previous.number}): say what this "
                "correction changes (--note)."
            )
        number = previous.number + 1 if previous else 1
        folder = Path(output) if output else _default_folder(round_, number)
        if folder.exists() and any(folder.iterdir()):
            raise ReleaseRefused(f"{folder} already holds files: releases are never overwritten.")
        # The public's threshold: a release is read by anyone.
        threshold = small_cells_threshold(AnonymousUser()) or 1
        tables, protection = _tables(user, round_, threshold, earlier)
        files = _write_files(tables)
        package = _datapackage(round_, number, tables, files)
        files.append(_Written("datapackage.json", _json(package)))
        files.append(
            _Written(
                "hdx_dataset.json", _json(_hdx_dataset(round_, number, note, threshold, files))
            )
        )
        folder.mkdir(parents=True, exist_ok=True)
        try:
            for written in files:
                (folder / written.name).write_bytes(written.content)
            release = Release.objects.create(
                round=round_,
                number=number,
                supersedes=previous,
                note=note.strip(),
                changes=_changes(previous, files),
                folder=str(folder),
                threshold=threshold,
                protection=protection,
                created_by=user,
            )
            ReleaseFile.objects.bulk_create(
                ReleaseFile(
                    release=release,
                    name=written.name,
                    sha256=hashlib.sha256(written.content).hexdigest(),
                    size=len(written.content),
                )
                for written in files
            )
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    return release


def _default_folder(round_: Round, number: int) -> Path:
    base = Path(settings.MASAR["RELEASES_DIR"])
    return base / f"round-{round_.start_date:%Y%m%d}-{round_.end_date:%Y%m%d}" / f"release-{number}"


def _tables(
    user, round_: Round, threshold: int, earlier: list[Release]
) -> tuple[list[queries.Table], dict[str, Any]]:
    location_level = bool(settings.MASAR["RELEASE_LOCATIONS"])
    tables = queries.population_tables(user, round_, location_level=location_level)
    tables += queries.index_tables(user, round_)
    protection: dict[str, Any] = {}
    names = queries.governorate_names()
    for counts in queries.case_tables(user):
        history = [
            Protected(
                np.asarray(release.protection[counts.name]["grid"], dtype=np.int64),
                np.asarray(release.protection[counts.name]["mask"], dtype=bool),
                release.threshold,
            )
            for release in earlier
            if counts.name in release.protection
        ]
        if any(h.grid.shape != (len(counts.rows) + 1, len(counts.columns) + 1) for h in history):
            raise ReleaseRefused(f"{counts.name}: the table's rows or columns changed since.")
        protected = protect(counts.counts, threshold, history)
        if protected.exposed:
            raise ReleaseRefused(
                f"{counts.name}: together with the earlier releases of this round, the "
                "correction would let a reader work out a withheld count. Release it with "
                "the next round instead."
            )
        protection[counts.name] = {
            "rows": counts.rows,
            "columns": [code for code, _label in counts.columns],
            "grid": protected.grid.tolist(),
            "mask": protected.mask.tolist(),
        }
        tables.append(_count_table(counts, protected, names))
    return tables, protection


def _count_table(
    counts: queries.CountTable, protected: Protected, names: dict[str, Any]
) -> queries.Table:
    columns = [
        queries.Column("adm1_pcode", "Governorate P-code", "#adm1+code", "string"),
        queries.Column("adm1_name", "Governorate (English)", "#adm1+name", "string"),
    ]
    columns += [
        queries.Column(
            f"households_{code}",
            f"Households: {label}",
            f"#affected+hh+{counts.column_label}_{code}",
            description=f"Households whose {counts.column_label} is {label} "
            f"({WITHHELD}: withheld).",
        )
        for code, label in counts.columns
    ]
    columns.append(queries.Column("households_total", "Households: total", "#affected+hh+total"))
    table = queries.Table(
        counts.name,
        counts.title,
        counts.description
        + f" Counts from 1 to {protected.threshold - 1} households are withheld, with enough "
        f"other counts that none can be worked out from the totals; withheld counts show "
        f"'{WITHHELD}'.",
        columns,
        withheld_marker=WITHHELD,
    )
    published = protected.published()
    for i, pcode in enumerate([*counts.rows, "IQ"]):
        area = names.get(pcode)
        label = area.name_en if area else "Iraq (total)"
        table.rows.append([pcode, label, *published[i]])
    return table


def _write_files(tables: list[queries.Table]) -> list[_Written]:
    files = []
    for table in tables:
        header = [column.name for column in table.columns]
        hxl = [column.hxl for column in table.columns]
        files.append(_Written(f"{table.name}.csv", csv_bytes(header, table.rows, hxl)))
        files.append(
            _Written(f"{table.name}.xlsx", xlsx_bytes(header, table.rows, hxl, title=table.name))
        )
    return files


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _schema(table: queries.Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [
            {
                "name": column.name,
                "title": column.title,
                "type": column.type,
                # Not a Table Schema property: carried for readers who want the HXL hashtag.
                "hxl": column.hxl,
                **({"description": column.description} if column.description else {}),
                **({"constraints": {"minimum": 0}} if column.type == "integer" else {}),
            }
            for column in table.columns
        ],
        "missingValues": ["", table.withheld_marker] if table.withheld_marker else [""],
    }
    return schema


def _datapackage(
    round_: Round, number: int, tables: list[queries.Table], files: list[_Written]
) -> dict[str, Any]:
    contents = {written.name: written.content for written in files}
    publisher = settings.MASAR["RELEASE_PUBLISHER"]
    resources = []
    for table in tables:
        schema = _schema(table)
        for fmt in ("csv", "xlsx"):
            name = f"{table.name}.{fmt}"
            resource: dict[str, Any] = {
                "name": f"{table.name.replace('_', '-')}-{fmt}",
                "path": name,
                "title": table.title,
                "description": table.description,
                "type": "table",
                "format": fmt,
                "hash": "sha256:" + hashlib.sha256(contents[name]).hexdigest(),
                "bytes": len(contents[name]),
                # The second row holds the HXL hashtags (hxlstandard.org), not data.
                "dialect": {"headerRows": [1], "commentRows": [2]},
                "schema": schema,
            }
            if fmt == "csv":
                resource.update(mediatype="text/csv", encoding="utf-8-sig")
            else:
                resource["mediatype"] = (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                )
            resources.append(resource)
    license_id = settings.MASAR["RELEASE_LICENSE"]
    return {
        "name": _dataset_name(round_, number),
        "title": _dataset_title(round_, number),
        "description": (
            f"Displacement figures of the master-list round {round_}: IDPs and returnees by "
            "governorate, district and location, shelter group, origin and period; the "
            "severity indices by location; and aggregate figures of the durable-solutions "
            "case registry, with small counts withheld."
        ),
        "version": str(number),
        "licenses": [LICENSES.get(license_id, {"name": license_id})],
        "sources": [{"title": f"{publisher}: master list and case registry (Masar)"}],
        "contributors": [{"title": publisher, "role": "publisher"}],
        "keywords": ["iraq", "idp", "returnees", "displacement", "hxl"],
        "resources": resources,
    }


def _dataset_name(round_: Round, number: int) -> str:
    return f"iraq-displacement-{round_.start_date:%Y%m%d}-{round_.end_date:%Y%m%d}-r{number}"


def _dataset_title(round_: Round, number: int) -> str:
    return f"Iraq: displacement and returns, {round_} (release {number})"


def _hdx_dataset(
    round_: Round, number: int, note: str, threshold: int, files: list[_Written]
) -> dict[str, Any]:
    """The dataset fields HDX asks for on upload (its CKAN schema), for the data officer."""
    publisher = settings.MASAR["RELEASE_PUBLISHER"]
    return {
        "name": _dataset_name(round_, number),
        "title": _dataset_title(round_, number),
        "notes": (
            f"Population figures of displaced people (IDPs) and returnees in Iraq from the "
            f"master-list round {round_}, the severity indices by location, and aggregate "
            "figures of households supported towards a durable solution."
            + (f"\n\nThis release corrects an earlier one: {note.strip()}" if note.strip() else "")
        ),
        "dataset_source": publisher,
        "owner_org": publisher,
        "maintainer": publisher,
        "methodology": "Other",
        "methodology_other": (
            "Key-informant assessments in every location hosting IDPs or returnees (master "
            "list), index computation by a versioned methodology, and case-management records."
        ),
        "caveats": (
            f"Counts of households or individuals from the case registry that describe fewer "
            f"than {threshold} households are withheld ('{WITHHELD}'), "
            "with other counts withheld so that none can be worked out from the totals or "
            "from an earlier release of the same round. Master-list figures are published whole."
        ),
        "license_id": settings.MASAR["RELEASE_LICENSE"],
        "groups": [{"name": "irq"}],
        "tags": [
            {"name": "internally displaced persons-idp"},
            {"name": "returnees"},
            {"name": "displacement"},
            {"name": "hxl"},
        ],
        "dataset_date": (
            f"[{round_.start_date:%Y-%m-%d}T00:00:00 TO {round_.end_date:%Y-%m-%d}T23:59:59]"
        ),
        "data_update_frequency": "90",
        "subnational": "1",
        "resources": [
            {
                "name": written.name,
                "format": written.name.rsplit(".", 1)[1].upper(),
                "description": "Frictionless Data package describing the files"
                if written.name == "datapackage.json"
                else f"Table {written.name.rsplit('.', 1)[0]} with an HXL hashtag row",
            }
            for written in files
        ],
    }


def _changes(previous: Release | None, files: list[_Written]) -> dict[str, list[str]]:
    """The tables a correction added, removed or changed, judged on their CSV files (XLSX files
    carry the time they were written, so they differ every time)."""
    if previous is None:
        return {}
    before = {f.name: f.sha256 for f in previous.files.all() if f.name.endswith(".csv")}
    now = {
        written.name: hashlib.sha256(written.content).hexdigest()
        for written in files
        if written.name.endswith(".csv")
    }
    return {
        "added": sorted(set(now) - set(before)),
        "removed": sorted(set(before) - set(now)),
        "changed": sorted(name for name in set(now) & set(before) if now[name] != before[name]),
    }


# --- the round report -----------------------------------------------------------------------


class ReportRefused(Exception):
    """The report cannot be generated as asked (nothing was written)."""


def report_folder(round_: Round) -> Path:
    return Path(settings.MASAR["RELEASES_DIR"]) / "reports" / str(round_.uid)


def report_name(round_: Round, language: str) -> str:
    """`round-<DTM number>-<language>.pdf`, or the period's end date for a round without one."""
    label = round_.number if round_.number else f"{round_.end_date:%Y%m%d}"
    return f"round-{label}-{language}.pdf"


def generate_reports(
    user,
    round_: Round,
    progress: Progress | None = None,
    *,
    languages: Sequence[str] = report.LANGUAGES,
) -> list[RoundReport]:
    """Print the released round's report in each language, keep the files with the round and
    record each (replacing an earlier report of the same language). Refused for a round that
    is not released (a draft, validated, withdrawn or embargoed round): the PDF is public.
    `user` is a tracking manager, or None for the command line (the machine's operator)."""
    if user is not None:
        require_releaser(user)
    if not is_released(round_):
        raise ReportRefused(f"{round_} is not released: only released rounds get a report.")
    unknown = set(languages) - set(report.LANGUAGES)
    if unknown:
        raise ReportRefused(f"No report in {', '.join(sorted(unknown))}.")
    folder = report_folder(round_)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for done, language in enumerate(languages):
        if progress is not None:
            progress(done, len(languages), STAGES[language])
        content = report.render_report(round_, language)
        path = folder / report_name(round_, language)
        # Written beside and renamed into place: a reader never gets half a file.
        partial = path.with_suffix(".pdf.partial")
        partial.write_bytes(content)
        os.replace(partial, path)
        row, _created = RoundReport.objects.update_or_create(
            round=round_,
            language=language,
            defaults={
                "path": str(path),
                "sha256": hashlib.sha256(content).hexdigest(),
                "size": len(content),
                "generated_at": timezone.now(),
                "generated_by": user if getattr(user, "pk", None) else None,
            },
        )
        written.append(row)
    if progress is not None:
        progress(len(languages), len(languages), gettext_noop("Reports written"))
    return written


STAGES = {
    "en": gettext_noop("Printing the English report"),
    "ar": gettext_noop("Printing the Arabic report"),
}
