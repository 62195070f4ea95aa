"""Keys: stored hashed, refused alike when missing, wrong or revoked, read-only, limited per
minute across processes (the counter lives in PostgreSQL), and "last used" kept cheaply."""

import datetime
import hashlib

import pytest
from django.db import connection
from django.utils import timezone

from api import services
from api.models import ApiKey, RequestCount
from interventions import services as intervention_services

LIST = "/api/v1/descriptions"


def test_the_token_is_stored_only_as_its_sha256(key_a):
    key = ApiKey.objects.get()
    assert key.hashed_token == hashlib.sha256(key_a.encode()).hexdigest()
    assert key_a.startswith(f"wwidw_{key.prefix}_")
    assert len(key_a) > 50
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apikey")
        row = cursor.fetchone()
    assert not any(key_a in str(value) for value in row)
    assert key_a.split("_")[-1] not in str(row)


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer wwidw_00000000_verkeerd",
        "Token {key}",
        "Basic {key}",
        "Bearer {key}x",
        "Bearer {key_prefix_only}",
        "Bearer ' OR 1=1 --",
        "Bearer {key}\x00",
    ],
)
def test_a_missing_or_wrong_key_gets_401_with_one_dutch_message(client, key_a, authorization):
    headers = {}
    if authorization is not None:
        prefix_only = key_a.rsplit("_", 1)[0] + "_"
        headers["HTTP_AUTHORIZATION"] = authorization.format(
            key=key_a, key_prefix_only=prefix_only
        )
    response = client.get(LIST, **headers)
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Geef een geldige API-sleutel mee: Authorization: Bearer <sleutel>."
    }
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_key_gets_the_same_401(api, key_a, manager_a):
    assert api(LIST, key_a).status_code == 200
    wrong = api(LIST, "wwidw_00000000_verkeerd")
    services.revoke_api_key(key=ApiKey.objects.get(), by=manager_a)
    revoked = api(LIST, key_a)
    assert revoked.status_code == 401
    assert revoked.content == wrong.content


def test_a_key_of_an_organisation_that_left_gets_401(api, key_a, partner_a):
    partner_a.is_active = False
    partner_a.save(update_fields=["is_active"])
    assert api(LIST, key_a).status_code == 401


def test_a_signed_in_browser_without_a_key_gets_401(client, member_a, shared_a):
    client.force_login(member_a)
    assert client.get(LIST).status_code == 401
    assert client.get(f"/api/v1/descriptions/{shared_a.pk}").status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_only_reads(client, key_a, shared_a, method):
    url = f"/api/v1/descriptions/{shared_a.pk}"
    response = getattr(client, method)(url, HTTP_AUTHORIZATION=f"Bearer {key_a}")
    assert response.status_code == 405
    shared_a.refresh_from_db()
    assert shared_a.revision == 2


def test_the_rate_limit_gives_429_with_retry_after(api, settings, key_a, key_b):
    settings.API_RATE_LIMIT = 3
    assert [api(LIST, key_a).status_code for _ in range(3)] == [200, 200, 200]
    refused = api(LIST, key_a)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Te veel verzoeken")
    # Another key has its own count.
    assert api(LIST, key_b).status_code == 200


def test_the_count_is_one_row_per_key_and_minute_in_the_database(key_a):
    key = ApiKey.objects.get()
    minute = timezone.now().replace(second=0, microsecond=0)
    earlier = minute - datetime.timedelta(minutes=5)
    assert services.count_request(key=key, now=earlier) == 1
    # Each web process counts in the same row: the UPSERT adds to what another one counted.
    RequestCount.objects.filter(key=key, minute=earlier).update(count=41)
    assert services.count_request(key=key, now=earlier + datetime.timedelta(seconds=30)) == 42
    # The first request of a new minute starts at 1 and clears the key's older minutes.
    assert services.count_request(key=key, now=minute) == 1
    assert list(RequestCount.objects.values_list("minute", "count")) == [(minute, 1)]


def test_last_used_is_written_at_most_once_a_minute(api, key_a, django_assert_num_queries):
    key = ApiKey.objects.get()
    assert key.last_used_at is None
    api(LIST, key_a)
    key.refresh_from_db()
    first = key.last_used_at
    assert first is not None
    api(LIST, key_a)
    key.refresh_from_db()
    assert key.last_used_at == first
    later = first + datetime.timedelta(seconds=61)
    services.note_key_use(key=key, now=later)
    key.refresh_from_db()
    assert key.last_used_at == later
    with django_assert_num_queries(0):
        services.note_key_use(key=key, now=later + datetime.timedelta(seconds=59))


def test_a_description_not_changed_gets_304_and_a_changed_one_200(
    api, key_a, key_b, shared_a, member_a
):
    url = f"/api/v1/descriptions/{shared_a.pk}"
    first = api(url, key_a)
    etag = first["ETag"]
    assert etag.startswith('"')
    unchanged = api(url, key_a, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    assert unchanged["ETag"] == etag
    assert unchanged.content == b""
    # Another organisation's view of it has its own tag.
    assert api(url, key_b)["ETag"] != etag
    shared_a.summary = "Een nieuwe samenvatting."
    intervention_services.save_intervention(intervention=shared_a, by=member_a)
    changed = api(url, key_a, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["sections"][0]["fields"]["summary"] == "Een nieuwe samenvatting."
