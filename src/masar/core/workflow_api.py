"""The workflow engine over the API: one request shape and one set of refusals for every
`…/transitions/` endpoint (households, referrals, tickets, rounds)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.request import Request
from rest_framework.response import Response

from .workflow import GuardsUnmet, InvalidInput, Stale, Workflow


class TransitionSerializer(serializers.Serializer):
    action = serializers.CharField()
    # The request's field is named `data`, which shadows `Serializer.data` for the type checker.
    data = serializers.DictField(required=False, default=dict)  # type: ignore[assignment]
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


def refusal(exc: ValidationError) -> Response:
    """409 for a stale version, else 400 naming what is missing (`unmet`) or wrong (`errors`)."""
    body: dict[str, Any] = {"detail": " ".join(exc.messages), "code": getattr(exc, "code", None)}
    if isinstance(exc, GuardsUnmet):
        body["unmet"] = exc.missing
    if isinstance(exc, InvalidInput):
        body["code"] = "invalid"
        body["errors"] = {name: list(errors) for name, errors in exc.form.errors.items()}
    code = status.HTTP_409_CONFLICT if isinstance(exc, Stale) else status.HTTP_400_BAD_REQUEST
    return Response(body, status=code)


def run_transition(
    workflow: Workflow, request: Request, obj: Any, serialize: Callable[[Any], Any]
) -> Response:
    """Take `{"action", "data", "version"}` on `obj`; the saved record, serialized, or the
    refusal (400/409; 403 for a role that may not take it on a record in sight)."""
    serializer = TransitionSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    body = serializer.validated_data
    try:
        obj = workflow.run(
            request.user, obj, body["action"], body["data"], expected_version=body["version"]
        )
    except ValidationError as exc:
        return refusal(exc)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    return Response(serialize(obj))


# Query parameters that would carry a name, phone, ID number or free text: refused on GET lists
# (URLs end up in proxy and server logs); the text goes in the body of a POST to `search/`.
TEXT_PARAMS = ("search", "q")


def refuse_text_in_query(request: Request) -> None:
    """400 when a list is asked to search through its query string instead of by POST."""
    if any(request.query_params.get(name) for name in TEXT_PARAMS):
        raise BadRequest(
            {"detail": "Search by POST to this list's search/ endpoint, never in the URL."}
        )
