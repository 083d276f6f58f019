"""The refusals every API operation can answer, written into the OpenAPI schema.

drf-spectacular documents the success of each operation only; clients (and the schema tests)
need the errors too: 400 for input that fails validation, 401/403 without a grant, 404 for a
record out of scope or absent, 409 for a stale workflow version, 429 when throttled.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR = {
    "type": "object",
    "description": "`detail` says why; validation errors name each field with its messages.",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string", "nullable": True}},
    "additionalProperties": True,
}
METHODS = ("get", "post", "put", "patch", "delete")


def _refusal(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def add_error_responses(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """A drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            refusals = {
                "400": "The input is not valid; nothing was written.",
                "401": "No valid credentials.",
                "403": "The user's grants do not allow this.",
                "404": "No such record in the user's scope (in the path or named by the input).",
                "429": "Too many requests; try again later.",
            }
            if path.endswith("/transitions/"):
                refusals["409"] = "The record changed since it was read (stale version)."
            for code, description in refusals.items():
                responses.setdefault(code, _refusal(description))
    return result


class TokenScheme(OpenApiAuthenticationExtension):
    """Document Masar's token authentication as DRF's own token scheme was: clients send
    `Authorization: Token …` (see `masar.api.authentication`)."""

    target_class = "masar.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with required prefix "Token"',
        }
