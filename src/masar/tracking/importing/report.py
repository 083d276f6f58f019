"""The import report as text, for the command line and the import page."""

from __future__ import annotations

SHOWN = 20


def report_lines(report: dict) -> list[str]:
    lines = [f"{report.get('file', '')} ({report.get('layout', '')} layout): {report['outcome']}"]
    if report.get("error"):
        lines.append(f"  {report['error']}")
    rows = report.get("rows", {})
    if rows:
        lines.append(
            "  rows read {read:,}, imported {imported:,}, rejected {rejected:,}, "
            "with warnings {warned:,}".format(**rows)
        )
    for item in report.get("rejected", [])[:SHOWN]:
        value = f" {item['value']!r}" if item.get("value") else ""
        lines.append(f"  row {item['row']}, {item['column'] or '-'}{value}: {item['reason']}")
    hidden = len(report.get("rejected", [])) - SHOWN
    if hidden > 0:
        lines.append(f"  … and {hidden:,} more rejected (use --json for all)")
    for warning in report.get("warnings", [])[:SHOWN]:
        where = f"row {warning['row']}" if "row" in warning else warning.get("kind", "")
        lines.append(f"  warning, {where}: {warning['reason']}")
    for population, entry in sorted(report.get("totals", {}).items()):
        lines.append(
            f"  {population}: {entry['families']:,} families, {entry['individuals']:,} individuals"
        )
        for pcode, figures in sorted(entry["by_governorate"].items()):
            families, individuals = figures["families"], figures["individuals"]
            lines.append(f"    {pcode}: {families:,} families, {individuals:,} individuals")
    return lines
