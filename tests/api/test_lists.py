"""The archetype and theme session lists take the same number of queries for 1 and 10 rows."""

import pytest

from archetypes import choices as archetype_choices
from tests.factories import ArchetypeFactory, ThemeSessionFactory


@pytest.mark.parametrize("count", [1, 10])
def test_the_archetype_list_takes_the_same_queries_for_1_and_10(
    api, key_a, django_assert_num_queries, count
):
    ArchetypeFactory.create_batch(count, status=archetype_choices.Status.PUBLISHED)
    ArchetypeFactory()  # a draft: the programme staff's only
    api("/api/v1/archetypes", key_a)
    # The key, its count for this minute, the archetypes with their types.
    with django_assert_num_queries(3):
        response = api("/api/v1/archetypes", key_a)
    assert len(response.json()["items"]) == count


@pytest.mark.parametrize("count", [1, 10])
def test_the_session_list_takes_the_same_queries_for_1_and_10(
    api, key_a, django_assert_num_queries, count
):
    ThemeSessionFactory.create_batch(count)
    api("/api/v1/theme-sessions", key_a)
    with django_assert_num_queries(3):
        response = api("/api/v1/theme-sessions", key_a)
    items = response.json()["items"]
    assert len(items) == count
    assert {item["places_left"] for item in items} == {30}
    assert api("/api/v1/theme-sessions?wanneer=voorbij", key_a).json()["items"] == []
