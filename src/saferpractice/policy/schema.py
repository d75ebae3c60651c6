"""The JSON Schema of a policy file, generated from the typed model so the two never disagree."""

from __future__ import annotations

from functools import cache
from typing import Any

from saferpractice.policy.model import Policy

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@cache
def _schema() -> dict[str, Any]:
    schema = Policy.model_json_schema(mode="validation")
    schema["title"] = "saferpractice policy"
    schema["description"] = (
        "A school's e-safety safer working practice policy: areas with green, amber and red "
        "practices, consequences, what should be in place, summary, glossary and metadata."
    )
    return {"$schema": SCHEMA_DIALECT, **schema}


def policy_json_schema() -> dict[str, Any]:
    """The policy's JSON Schema (draft 2020-12); a fresh copy the caller may change."""
    import copy

    return copy.deepcopy(_schema())
