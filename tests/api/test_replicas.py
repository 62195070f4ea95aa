"""The rate limit holds across web replicas: the count of a key's minute lives in PostgreSQL,
so two processes answering in turn count toward one limit."""

import datetime
import os

import pytest
from django.conf import settings
from django.utils import timezone

from api import services
from api.models import ApiKey, RequestCount
from tests.test_scale_out import other_replica, this_replica  # noqa: F401 (a fixture)

LIST = "/api/v1/descriptions"


@pytest.mark.django_db(transaction=True)
def test_two_replicas_count_toward_one_limit(
    reference_data,
    partner_a,
    manager_a,
    other_replica,  # noqa: F811
):
    key, token = services.create_api_key(organisation=partner_a, name="Intranet", by=manager_a)
    message = {"method": "GET", "path": LIST, "headers": {"HTTP_AUTHORIZATION": f"Bearer {token}"}}
    replies = [replica(message) for replica in (this_replica, other_replica, this_replica)]
    assert [reply["status"] for reply in replies] == [200, 200, 200]
    assert replies[1]["pid"] != os.getpid()
    assert sum(RequestCount.objects.filter(key=key).values_list("count", flat=True)) == 3

    # One request short of the limit in this minute and the next (should the minute turn
    # now): the next request is the last allowed, whichever replica answers, and the one after
    # it is refused by the other.
    minute = timezone.now().replace(second=0, microsecond=0)
    for start in (minute, minute + datetime.timedelta(minutes=1)):
        RequestCount.objects.update_or_create(
            key=key, minute=start, defaults={"count": settings.API_RATE_LIMIT - 1}
        )
    assert other_replica(message)["status"] == 200
    assert this_replica(message)["status"] == 429
    assert other_replica(message)["status"] == 429
    assert ApiKey.objects.get().last_used_at is not None
