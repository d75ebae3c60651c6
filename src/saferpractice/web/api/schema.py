"""The API's OpenAPI 3.1 description, written by hand beside the views it describes.

tests/web/api checks the live API against it with schemathesis, so the two cannot drift.
"""

from __future__ import annotations

from typing import Any

FINDING_STATUSES = ("new", "triaged", "escalated", "resolved")
CASE_STATUSES = ("received", "looking", "closed")

_TEXT = {"type": "string"}
_MAYBE_TEXT = {"type": ["string", "null"]}
_WHEN = {"type": ["string", "null"], "format": "date-time"}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }


def _listing(item: str) -> dict[str, Any]:
    return _object(
        {
            "count": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        }
    )


_FINDING = {
    "ref": _TEXT,
    "url": _TEXT,
    "rule": _TEXT,
    "level": {"enum": ["red", "amber"]},
    "priority": {"enum": ["urgent", "high", "routine"]},
    "priority_reason": _TEXT,
    "area": _TEXT,
    "status": {"enum": list(FINDING_STATUSES)},
    "outcome": _TEXT,
    "summary": _TEXT,
    "staff": _MAYBE_TEXT,
    "occurred_at": _WHEN,
}
_SPAN = _object(
    {"start": {"type": "integer"}, "end": {"type": "integer"}, "label": {"type": "string"}}
)
_FINDING_DETAIL = _FINDING | {
    "policy_item": _TEXT,
    "people": {"type": "array", "items": _object({"name": _TEXT, "role": _TEXT})},
    "why": {"type": "array", "items": _TEXT},
    "evidence": _object(
        {
            "kind": _TEXT,
            "source": _TEXT,
            "item": _TEXT,
            "excerpt": _TEXT,
            "spans": {"type": "array", "items": _SPAN},
        }
    ),
    "outcome_reason": _TEXT,
    "resolved_at": _WHEN,
    "names_shown": {"type": "boolean"},
}
_CASE = {
    "id": {"type": "string", "format": "uuid"},
    "url": _TEXT,
    "kind": _TEXT,
    "source": {"enum": ["staff", "council"]},
    "status": {"enum": list(CASE_STATUSES)},
    "routed_to": {"enum": ["dsl", "head-teacher"]},
    "anonymous": {"type": "boolean"},
    "reporter_kind": _MAYBE_TEXT,
    "created_at": _WHEN,
    "closed_at": _WHEN,
}
_CASE_DETAIL = _CASE | {
    "text": _TEXT,
    "happened": _TEXT,
    "where": _TEXT,
    "about": _MAYBE_TEXT,
    "reporter_name": _TEXT,
    "reporter_contact": _TEXT,
    "outcome": _TEXT,
}


def _errors(*codes: int) -> dict[str, Any]:
    reasons = {
        400: "A filter value is not one of those allowed",
        401: "Not signed in, or the token is not valid for this school",
        403: "Signed in, without permission for this",
        404: "No such school, record or page (another school's records are not found)",
    }
    return {
        str(code): {
            "description": reasons[code],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code in codes
    }


def _ok(name: str) -> dict[str, Any]:
    return {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
        }
    }


def _param(name: str, where: str, schema: dict[str, Any], required: bool = False) -> dict:  # type: ignore[type-arg]
    return {"name": name, "in": where, "required": required, "schema": schema}


_SCHOOL = _param("school", "path", {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}, True)
_PAGE = _param("page", "query", {"type": "integer", "minimum": 1})


def document() -> dict[str, Any]:
    finding_filters = [
        _param("status", "query", {"enum": ["open", "all", *FINDING_STATUSES]}),
        _param("priority", "query", {"enum": ["urgent", "high", "routine"]}),
        _param("area", "query", {"type": "string", "maxLength": 40}),
        _param("level", "query", {"enum": ["red", "amber"]}),
        _param("rule", "query", {"type": "string", "maxLength": 100}),
        _param("person", "query", {"type": "string", "maxLength": 100}),
        _param("since", "query", {"type": "string", "format": "date"}),
        _param("until", "query", {"type": "string", "format": "date"}),
        _PAGE,
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "saferpractice e-safety office: read-only API",
            "version": "1",
            "description": "Findings and cases (concerns) of one school, for a signed-in "
            "session or a bearer token. Every call is recorded in the audit log.",
        },
        "security": [{"bearer": []}, {"session": []}],
        "paths": {
            "/s/{school}/api/findings/": {
                "get": {
                    "summary": "Findings this reviewer may see, urgent first",
                    "parameters": [_SCHOOL, *finding_filters],
                    "responses": _ok("FindingList") | _errors(400, 401, 403, 404),
                }
            },
            "/s/{school}/api/findings/{ref}/": {
                "get": {
                    "summary": "One finding",
                    "parameters": [_SCHOOL, _param("ref", "path", {"type": "string"}, True)],
                    "responses": _ok("Finding") | _errors(401, 403, 404),
                }
            },
            "/s/{school}/api/cases/": {
                "get": {
                    "summary": "Concerns this reader may see, newest first",
                    "parameters": [
                        _SCHOOL,
                        _param("status", "query", {"enum": ["open", "all", *CASE_STATUSES]}),
                        _PAGE,
                    ],
                    "responses": _ok("CaseList") | _errors(400, 401, 403, 404),
                }
            },
            "/s/{school}/api/cases/{id}/": {
                "get": {
                    "summary": "One concern",
                    "parameters": [
                        _SCHOOL,
                        _param("id", "path", {"type": "string", "format": "uuid"}, True),
                    ],
                    "responses": _ok("Case") | _errors(401, 403, 404),
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
            },
            "schemas": {
                "Error": _object({"error": _TEXT, "status": {"type": "integer"}}),
                "FindingSummary": _object(_FINDING),
                "Finding": _object(_FINDING_DETAIL),
                "FindingList": _listing("FindingSummary"),
                "CaseSummary": _object(_CASE),
                "Case": _object(_CASE_DETAIL),
                "CaseList": _listing("CaseSummary"),
            },
        },
    }
