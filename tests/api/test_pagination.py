"""The list of descriptions for synchronisation: `updated_since`, and pages by an opaque
cursor over (updated_at, id) that miss nothing while descriptions change between pages."""

import datetime

import pytest
from django.utils import timezone

from interventions.models import Intervention
from tests.factories import make_published

LIST = "/api/v1/descriptions"


@pytest.fixture
def ten(partner_a, member_a, partner_b, member_b):
    """Ten published descriptions for all partners, of two organisations."""
    return [
        make_published(partner_a if n % 2 else partner_b, member_a if n % 2 else member_b)
        for n in range(10)
    ]


def _touch(intervention: Intervention) -> None:
    """A change as another partner's editor would make it while a client reads the pages."""
    intervention.save(update_fields=["updated_at"])


def _moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _walk(api, key, url, between=None) -> list[dict]:
    items, pages = [], 0
    while url:
        body = api(url, key).json()
        items += body["items"]
        url = body["next"]
        pages += 1
        if between and url:
            between(pages)
    return items


def test_the_pages_hold_every_description_once_in_order_of_change(api, key_a, ten):
    items = _walk(api, key_a, f"{LIST}?limit=3")
    assert sorted(item["id"] for item in items) == sorted(item.pk for item in ten)
    keys = [(item["updated_at"], item["id"]) for item in items]
    assert keys == sorted(keys)


def test_changes_between_pages_are_never_missed_and_come_again_only_when_changed(api, key_a, ten):
    touched = []

    def between(page: int) -> None:
        # After each page: change one description already read and one not yet read.
        read = Intervention.objects.order_by("updated_at", "pk").first()
        waiting = Intervention.objects.order_by("-updated_at", "-pk")[page]
        for intervention in (read, waiting):
            _touch(intervention)
            touched.append(intervention.pk)

    items = _walk(api, key_a, f"{LIST}?limit=3", between=between)
    seen = [item["id"] for item in items]
    assert set(seen) == {intervention.pk for intervention in ten}
    # Nothing comes twice in the same version; what comes twice was changed in between.
    versions = [(item["id"], item["updated_at"]) for item in items]
    assert len(versions) == len(set(versions))
    twice = {pk for pk in seen if seen.count(pk) > 1}
    assert twice and twice <= set(touched)
    # What was read last of each description is its current version (to the millisecond,
    # as JSON gives it).
    last = {item["id"]: _moment(item["updated_at"]) for item in items}
    for intervention in Intervention.objects.all():
        current = intervention.updated_at
        assert last[intervention.pk] == current.replace(
            microsecond=current.microsecond // 1000 * 1000
        )


def test_updated_since_gives_only_later_changes(api, key_a, ten):
    moment = timezone.now()
    _touch(ten[3])
    _touch(ten[7])
    since = moment.isoformat()
    response = api(f"{LIST}?updated_since={since.replace('+', '%2B')}", key_a)
    assert [item["id"] for item in response.json()["items"]] == [ten[3].pk, ten[7].pk]
    later = (timezone.now() + datetime.timedelta(seconds=1)).isoformat().replace("+", "%2B")
    assert api(f"{LIST}?updated_since={later}", key_a).json()["items"] == []


def test_the_next_page_keeps_the_filters(api, key_a, ten):
    body = api(f"{LIST}?organisatie=maasoever&limit=2", key_a).json()
    assert "organisatie=maasoever" in body["next"]
    assert "limit=2" in body["next"]
    items = _walk(api, key_a, f"{LIST}?organisatie=maasoever&limit=2")
    assert {item["organisation"]["slug"] for item in items} == {"maasoever"}
    assert len(items) == 5


def test_the_last_page_has_no_next(api, key_a, ten):
    body = api(f"{LIST}?limit=10", key_a).json()
    assert len(body["items"]) == 10
    assert body["next"] is None and body["next_cursor"] is None


@pytest.mark.parametrize("limit", ["0", "201", "-1", "veel"])
def test_a_page_size_outside_1_to_200_is_refused(api, key_a, limit):
    response = api(f"{LIST}?limit={limit}", key_a)
    assert response.status_code == 422
    assert response.json()["detail"] == "Ongeldige parameters."


def test_a_tampered_cursor_is_refused(api, key_a, ten):
    cursor = api(f"{LIST}?limit=2", key_a).json()["next_cursor"]
    response = api(f"{LIST}?cursor={cursor[:-2]}xx", key_a)
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


@pytest.mark.parametrize("count", [1, 10])
def test_the_list_takes_the_same_queries_for_1_and_10_descriptions(
    api, key_a, partner_a, member_a, django_assert_num_queries, count
):
    for _ in range(count):
        make_published(partner_a, member_a)
    api(LIST, key_a)  # the key was last used now: the next request writes no last_used_at
    # The key, its count for this minute, the descriptions with their types.
    with django_assert_num_queries(3):
        response = api(f"{LIST}?limit=50", key_a)
    assert len(response.json()["items"]) == count


@pytest.mark.parametrize("count", [1, 10])
def test_a_filtered_search_takes_the_same_queries_for_1_and_10_descriptions(
    api, key_a, partner_a, member_a, django_assert_num_queries, count
):
    for _ in range(count):
        make_published(partner_a, member_a)
    api(LIST, key_a)
    with django_assert_num_queries(5):
        response = api(f"{LIST}?q=huismeester&type=huismeester-complexbeheerder&met=sroi", key_a)
    assert response.status_code == 200
