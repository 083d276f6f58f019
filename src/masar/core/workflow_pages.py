"""The workflow engine on a page: the posted action taken or refused with its messages, and
the fields of every open action gathered into the one form that serves all the buttons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .workflow import Option, Workflow


def run_posted(request: HttpRequest, workflow: Workflow, obj: Any) -> int | None:
    """Take the posted `action` on `obj`. None when taken (the caller redirects); otherwise
    the refusal's status — 403 for a role that may not take it, 400 for the rest — with its
    messages shown."""
    try:
        workflow.run(
            request.user,
            obj,
            request.POST.get("action", ""),
            request.POST,
            expected_version=request.POST.get("version"),
        )
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
        return 403 if isinstance(exc, PermissionDenied) else 400
    messages.success(request, _("Saved."))
    return None


def action_fields(
    workflow: Workflow, user: Any, obj: Any, options: list[Option], typed: Mapping | None
) -> list:
    """The input fields of every action open to the user, each once; a refused submission
    comes back with what was typed."""
    fields, seen = [], set()
    for option in (o for o in options if not o.missing):
        form = workflow.form_for(
            option.action, user, obj, initial=typed, use_required_attribute=False
        )
        for field in form:
            if field.name not in seen:
                seen.add(field.name)
                fields.append(field)
    return fields
