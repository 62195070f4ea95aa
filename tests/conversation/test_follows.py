"""Following a description, an archetype, a type or a theme: the button with its state per
reader (outside the cached part of the page), only what the reader may see, and "Wat ik volg"."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from archetypes import choices as archetype_choices
from conversation.models import DigestSubscription, Follow
from interventions.models import InterventionType, Theme
from tests.factories import (
    ArchetypeFactory,
    InterventionFactory,
    MembershipFactory,
    make_published,
)

TYPE_SLUG = "huismeester-complexbeheerder"
LIST_URL = reverse("interventions:list")


def follow_url(field: str, key) -> str:
    return reverse(f"follows:{field}", args=[key])


@pytest.fixture
def huismeester():
    return InterventionType.objects.get(slug=TYPE_SLUG)


def test_following_needs_a_login_and_a_post(client, shared_a, member_b):
    url = follow_url("intervention", shared_a.pk)
    assertRedirects(client.post(url), f"{reverse('login')}?next={url}")
    client.force_login(member_b)
    assert client.get(url).status_code == 405
    assert not Follow.objects.exists()


def test_a_reader_follows_a_shared_description_and_stops(client, shared_a, member_b):
    client.force_login(member_b)
    page = shared_a.get_absolute_url()
    assertContains(client.get(page), "Volg deze beschrijving")
    response = client.post(follow_url("intervention", shared_a.pk), {"next": page})
    assertRedirects(response, page)
    assert Follow.objects.get(user=member_b).intervention == shared_a
    assert DigestSubscription.objects.get(user=member_b).weekly
    again = client.get(page)
    assertContains(again, "Je volgt deze beschrijving.")
    assertContains(again, "Niet meer volgen")
    client.post(follow_url("intervention", shared_a.pk), {"action": "unfollow", "next": page})
    assert not Follow.objects.exists()
    assertContains(client.get(page), "Volg deze beschrijving")


def test_following_twice_keeps_one_follow(client, shared_a, member_b):
    client.force_login(member_b)
    for _ in range(2):
        client.post(follow_url("intervention", shared_a.pk))
    assert Follow.objects.filter(user=member_b).count() == 1


@pytest.mark.parametrize("name", ["concept_a", "internal_a"])
def test_what_the_reader_may_not_see_cannot_be_followed(client, member_b, request, name):
    intervention = request.getfixturevalue(name)
    client.force_login(member_b)
    assert client.post(follow_url("intervention", intervention.pk)).status_code == 404
    draft = ArchetypeFactory()
    assert client.post(follow_url("archetype", draft.slug)).status_code == 404
    assert client.post(follow_url("intervention_type", "geen-type")).status_code == 404
    assert not Follow.objects.exists()


def test_an_unsafe_next_goes_to_the_page_of_the_target(client, member_b, shared_a):
    client.force_login(member_b)
    response = client.post(
        follow_url("intervention", shared_a.pk), {"next": "https://evil.example/"}
    )
    assertRedirects(response, shared_a.get_absolute_url())


def test_the_button_is_each_readers_own_though_the_page_is_cached(
    client, member_a, partner_a, shared_a
):
    colleague = MembershipFactory(organisation=partner_a).user
    client.force_login(member_a)
    page = shared_a.get_absolute_url()
    client.post(follow_url("intervention", shared_a.pk))
    assertContains(client.get(page), "Je volgt deze beschrijving.")
    other = Client()
    other.force_login(colleague)
    response = other.get(page)
    assert "sections" not in response.context  # the same cached part
    assertNotContains(response, "Je volgt deze beschrijving.")
    assertContains(response, "Volg deze beschrijving")


def test_the_archetype_page_follows_the_archetype_and_its_type(
    client, member_b, huismeester, django_assert_num_queries
):
    archetype = ArchetypeFactory(status=archetype_choices.Status.PUBLISHED)
    client.force_login(member_b)
    page = archetype.get_absolute_url()
    assertContains(client.get(page), "Volg dit archetype")
    client.post(follow_url("archetype", archetype.slug))
    client.post(follow_url("intervention_type", huismeester.slug))
    # Session, the user with the version and the memberships, the archetype with both follow
    # states.
    with django_assert_num_queries(3):
        response = client.get(page)
    assertContains(response, "Je volgt dit archetype.")
    assertContains(response, f"Je volgt het type {huismeester.name}.")


def test_the_list_of_one_type_or_theme_has_the_button(client, member_b, shared_a, huismeester):
    client.force_login(member_b)
    response = client.get(LIST_URL, {"type": TYPE_SLUG, "status": "gepubliceerd"})
    assertContains(response, f"Volg het type {huismeester.name}")
    response = client.post(
        follow_url("intervention_type", TYPE_SLUG), {"next": f"{LIST_URL}?type={TYPE_SLUG}"}
    )
    assertRedirects(response, f"{LIST_URL}?type={TYPE_SLUG}")
    followed = client.get(LIST_URL, {"type": TYPE_SLUG})
    assertContains(followed, f"Je volgt het type {huismeester.name}.")
    theme = Theme.objects.get(slug="leefbaarheid")
    assertContains(client.get(LIST_URL, {"thema": theme.slug}), f"Volg het thema {theme.name}")
    client.post(follow_url("theme", theme.slug))
    assert Follow.objects.filter(user=member_b, theme=theme).exists()


@pytest.mark.parametrize(
    "params",
    [{}, {"type": [TYPE_SLUG, "buurtbemiddeling"]}, {"type": TYPE_SLUG, "q": "portiek"}],
)
def test_no_button_on_other_lists(client, member_b, params):
    client.force_login(member_b)
    assertNotContains(client.get(LIST_URL, params), "Volg het type")


def test_what_i_follow_lists_and_removes(client, member_b, partner_a, member_a, huismeester):
    shared = make_published(partner_a, member_a, title="Buurtconciërge Tarwewijk")
    Follow.objects.create(user=member_b, intervention=shared)
    Follow.objects.create(user=member_b, intervention_type=huismeester)
    client.force_login(member_b)
    response = client.get(reverse("follows:list"))
    assertContains(response, "Buurtconciërge Tarwewijk")
    assertContains(response, huismeester.name)
    # Made private: the title is not shown any more, the follow can still be stopped.
    type(shared).objects.filter(pk=shared.pk).update(visibility="organisatie")
    response = client.get(reverse("follows:list"))
    assertNotContains(response, "Buurtconciërge Tarwewijk")
    assertContains(response, "Een beschrijving die je niet meer kunt zien")
    follow = Follow.objects.get(intervention=shared)
    response = client.post(reverse("follows:remove", args=[follow.pk]))
    assertRedirects(response, reverse("follows:list"))
    assert list(
        Follow.objects.filter(user=member_b).values_list("intervention_type", flat=True)
    ) == [huismeester.pk]


def test_a_follow_of_someone_else_cannot_be_removed(client, member_a, member_b, huismeester):
    follow = Follow.objects.create(user=member_a, intervention_type=huismeester)
    client.force_login(member_b)
    client.post(reverse("follows:remove", args=[follow.pk]))
    assert Follow.objects.filter(pk=follow.pk).exists()


@pytest.mark.parametrize("count", [1, 10])
def test_what_i_follow_takes_the_same_queries_for_1_and_10(
    client, member_b, partner_b, count, django_assert_num_queries
):
    for _number in range(count):
        own = InterventionFactory(organisation=partner_b, created_by=member_b)
        Follow.objects.create(user=member_b, intervention=own)
        Follow.objects.create(user=member_b, archetype=ArchetypeFactory(status="gepubliceerd"))
    client.force_login(member_b)
    # Session, user, the subscription, the follows with their targets.
    with django_assert_num_queries(4):
        response = client.get(reverse("follows:list"))
    assert len(response.context["rows"]) == 2 * count


def test_the_weekly_email_is_turned_off_and_on(client, member_b):
    client.force_login(member_b)
    url = reverse("follows:digest_settings")
    assertRedirects(client.post(url, {}), reverse("follows:list"))
    assert not DigestSubscription.objects.get(user=member_b).weekly
    assertNotContains(client.get(reverse("follows:list")), "checked")
    client.post(url, {"weekly": "on"})
    assert DigestSubscription.objects.get(user=member_b).weekly
