"""The read-only JSON API: authentication (session or bearer token), permissions, school
scope, pseudonyms for analysts, auditing, and (with schemathesis) conformance of every
answer to the published OpenAPI description."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from review_builders import core_finding

from saferpractice.web.api.models import ApiToken
from saferpractice.web.audit.models import AuditEvent
from saferpractice.web.concerns import services
from saferpractice.web.review.models import Reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(school: Any) -> dict[str, Any]:
    from saferpractice.web.registers.models import Person

    return {
        ref: Person.objects.create(
            school=school, ref=ref, given_name=given, family_name=family, role=role
        )
        for ref, given, family, role in (
            ("S001", "Rory", "Williams", "staff"),
            ("S002", "Clara", "Oswald", "staff"),
            ("S003", "Donna", "Noble", "staff"),
            ("P001", "Amy", "Pond", "pupil"),
        )
    }


@pytest.fixture
def data(school: Any, people: Any) -> Any:
    from saferpractice.web.review.store import store_findings

    store_findings(school, [core_finding(), core_finding("F-0000000000000002", people=("S003",))])
    return services.file_council_report(school, {"text": "Someone is mean to Amy Pond"}, "k")


def _token(make_user: Any, school: Any, username: str, role: str, ref: str = "") -> str:
    make_user(username, school, role, ref)
    out = io.StringIO()
    call_command("api_token", user=username, school=school.slug, name="test", stdout=out)
    return out.getvalue().strip()


def _get(url: str, token: str | None = None, **query: str) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(url, query, **headers)


def _urls(school: Any) -> dict[str, str]:
    slug = school.slug
    return {
        "findings": reverse("api:findings", kwargs={"school": slug}),
        "finding": reverse("api:finding", kwargs={"school": slug, "ref": "F-0000000000000001"}),
        "cases": reverse("api:cases", kwargs={"school": slug}),
    }


def test_without_credentials_every_endpoint_says_401_in_json(school: Any, data: Any) -> None:
    for url in _urls(school).values():
        response = _get(url)
        assert response.status_code == 401 and response["Content-Type"] == "application/json"
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert _get(_urls(school)["findings"], "spk_wrong").status_code == 401


def test_the_dsl_reads_findings_and_cases_with_a_token_and_each_read_is_audited(
    school: Any, data: Any, make_user: Any
) -> None:
    token = _token(make_user, school, "dsl", "dsl", "S002")
    stored = ApiToken.objects.get()
    assert token not in stored.digest and token.startswith("spk_")
    urls = _urls(school)
    listing = _get(urls["findings"], token).json()
    assert listing["count"] == 2 and listing["results"][0]["priority"] == "urgent"
    one = _get(urls["finding"], token).json()
    assert one["people"][0]["name"] == "Rory Williams" and one["names_shown"] is True
    assert one["evidence"]["excerpt"].startswith("<script>")  # data, not HTML: not escaped
    cases = _get(urls["cases"], token).json()
    assert cases["count"] == 1
    case = _get(cases["results"][0]["url"], token).json()
    assert case["text"] == "Someone is mean to Amy Pond"
    summaries = list(
        AuditEvent.objects.filter(summary__startswith="API:").values_list("summary", "detail")
    )
    assert [s for s, _ in summaries] == [
        "API: findings listed",
        "API: finding F-0000000000000001 read",
        "API: cases listed",
        f"API: case {data.pk} read",
    ]
    assert all(d["via"] == "token" for _, d in summaries)
    assert AuditEvent.objects.filter(summary__startswith="API:", actor="dsl").count() == 4


def test_a_signed_in_session_works_too(school: Any, data: Any, signed_in: Any) -> None:
    client = signed_in("head", school, "head-teacher", "S001")
    response = client.get(_urls(school)["findings"])
    assert response.status_code == 200
    # the head never sees the finding about themselves (S001), as on the pages
    assert [r["ref"] for r in response.json()["results"]] == ["F-0000000000000002"]
    assert client.get(_urls(school)["finding"]).status_code == 403


@pytest.mark.parametrize("role", ["staff", "senior-leader", "ict-lead", "governor"])
def test_other_roles_are_refused(school: Any, data: Any, make_user: Any, role: str) -> None:
    token = _token(make_user, school, "someone", role, "S003")
    for url in _urls(school).values():
        assert _get(url, token).status_code == 403, url


def test_an_analyst_gets_pseudonyms_and_no_cases(school: Any, data: Any, make_user: Any) -> None:
    token = _token(make_user, school, "ana", "staff", "S002")
    Reviewer.objects.create(school=school, user=ApiToken.objects.get().user, level="analyst")
    one = _get(_urls(school)["finding"], token)
    body = one.content.decode()
    assert one.status_code == 200 and one.json()["names_shown"] is False
    assert "Rory" not in body and "Amy" not in body and "Pond" not in body
    spans = one.json()["evidence"]["spans"]
    excerpt = one.json()["evidence"]["excerpt"]
    assert excerpt[spans[0]["start"] : spans[0]["end"]].startswith("Don't tell anyone")
    assert _get(_urls(school)["cases"], token).status_code == 403


def test_a_token_is_for_its_own_school_and_lapses(
    school: Any, other_school: Any, data: Any, make_user: Any
) -> None:
    token = _token(make_user, school, "dsl", "dsl", "S002")
    elsewhere = reverse("api:findings", kwargs={"school": other_school.slug})
    assert _get(elsewhere, token).status_code == 401
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _get(_urls(school)["findings"], token).status_code == 401
    ApiToken.objects.update(expires_at=timezone.now() + timedelta(days=1), revoked=True)
    assert _get(_urls(school)["findings"], token).status_code == 401


def test_writes_are_not_allowed(school: Any, data: Any, make_user: Any) -> None:
    token = _token(make_user, school, "dsl", "dsl", "S002")
    response = Client().delete(_urls(school)["finding"], HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code in {403, 405}  # CSRF refuses it first, or the view does
    response = Client().put(_urls(school)["finding"], HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code in {403, 405}


def test_bad_filters_are_400_and_bad_pages_404(school: Any, data: Any, make_user: Any) -> None:
    token = _token(make_user, school, "dsl", "dsl", "S002")
    assert _get(_urls(school)["findings"], token, status="nonsense").status_code == 400
    assert _get(_urls(school)["findings"], token, page="99").status_code == 404
    assert _get(_urls(school)["findings"], token, page="x").status_code == 404
    assert _get(_urls(school)["cases"], token, status="nonsense").status_code == 400


def test_every_answer_matches_the_openapi_description(
    school: Any, data: Any, make_user: Any
) -> None:
    token = _token(make_user, school, "dsl", "dsl", "S002")
    schema = schemathesis.openapi.from_wsgi(
        reverse("api:openapi", kwargs={"school": school.slug}), get_wsgi_application()
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 4
    for operation in operations:

        @settings(
            max_examples=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy())
        def conforms(case: Any) -> None:
            case.path_parameters["school"] = school.slug
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

        conforms()
