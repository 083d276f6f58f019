"""The answers of a stored submission, whatever door and format it came in.

ODK Collect and the web forms send an XForm instance (XML, groups as nested elements, a repeat
as the same element again); KoBoToolbox's API sends JSON whose keys are group paths
("follow_up/outcome", repeats as lists of dicts with "members/given_name" keys); ODK Central's
OData nests groups as objects and repeats as lists. All come out the same: question name →
text, and repeat name → list of such dicts. Question names are unique in a generated form, so
the group a question sits in is not needed to find it.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from .choices import PayloadFormat
from .models import Submission

Answers = dict[str, Any]

# Blocks that describe the submission rather than answer a question.
META_BLOCKS = frozenset({"meta", "formhub", "__system"})


def read_answers(submission: Submission, repeats: Iterable[str]) -> Answers:
    """Question name → answer (text; a repeat: a list of such dicts), reviewer's corrections
    laid over the answers as sent."""
    repeat_names = frozenset(repeats)
    if submission.payload_format == PayloadFormat.JSON:
        answers = from_json(json.loads(submission.xml), repeat_names)
    else:
        answers = from_xml(submission.xml.encode(), repeat_names)
    answers.update(submission.corrections or {})
    return answers


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def from_xml(xml: bytes, repeats: frozenset[str]) -> Answers:
    return _element(ET.fromstring(xml), repeats)


def _element(parent: ET.Element, repeats: frozenset[str]) -> Answers:
    answers: Answers = {}
    for child in parent:
        name = _local(child.tag)
        if name in META_BLOCKS:
            continue
        if name in repeats:
            answers.setdefault(name, []).append(_element(child, repeats))
        elif len(child):
            answers.update(_element(child, repeats))
        else:
            answers[name] = (child.text or "").strip()
    return answers


def _leaf(key: str) -> str:
    return key.rsplit("/", 1)[-1]


def from_json(record: dict[str, Any], repeats: frozenset[str]) -> Answers:
    answers: Answers = {}
    for key, value in record.items():
        name = _leaf(key)
        if key.startswith("_") or name in META_BLOCKS or key.split("/", 1)[0] in META_BLOCKS:
            # KoBo's own fields (_id, _uuid, _attachments…) and the meta block.
            continue
        if isinstance(value, list):
            if name in repeats or all(isinstance(item, dict) for item in value):
                answers[name] = [from_json(item, repeats) for item in value]
            else:
                answers[name] = " ".join(str(item) for item in value)
        elif isinstance(value, dict):
            answers.update(from_json(value, repeats))
        else:
            answers[name] = "" if value is None else str(value)
    return answers
