import datetime

import pytest
import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects
from reversion.models import Version

from archetypes import choices
from archetypes.models import Archetype
from interventions.models import InterventionType, Theme
from tests.factories import (
    ActiveIngredientFactory,
    ArchetypeFactory,
    ArchetypeInterventionFactory,
    InterventionFactory,
    MonitoringPlanFactory,
    ReferenceFactory,
    UserFactory,
    make_published,
)

CHANGELIST = "admin:archetypes_archetype_changelist"


def _change_url(archetype):
    return reverse("admin:archetypes_archetype_change", args=[archetype.pk])


def _candidates_url(archetype):
    return reverse("admin:archetypes_archetype_candidates", args=[archetype.pk])


def _act(client, action, archetypes):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [archetype.pk for archetype in archetypes]},
        follow=True,
    )


@pytest.fixture
def staff_without_group(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def curator(client, programme_staff):
    client.force_login(programme_staff)
    return programme_staff


# Who may curate


@pytest.mark.parametrize(
    "url",
    [lambda archetype: reverse(CHANGELIST), _change_url, _candidates_url],
    ids=["changelist", "change", "candidates"],
)
def test_non_staff_are_sent_to_the_admin_login(client, manager_a, url):
    client.force_login(manager_a)
    target = url(ArchetypeFactory())
    response = client.get(target)
    assertRedirects(response, f"{reverse('admin:login')}?next={target}")


@pytest.mark.parametrize(
    "url",
    [lambda archetype: reverse(CHANGELIST), _change_url, _candidates_url],
    ids=["changelist", "change", "candidates"],
)
def test_staff_outside_the_programme_office_get_403(client, staff_without_group, url):
    client.force_login(staff_without_group)
    response = client.get(url(ArchetypeFactory()))
    assert response.status_code == 403


def test_staff_outside_the_programme_office_cannot_link(client, staff_without_group, shared_a):
    client.force_login(staff_without_group)
    archetype = ArchetypeFactory()
    response = client.post(_candidates_url(archetype), {"interventions": [shared_a.pk]})
    assert response.status_code == 403
    assert not archetype.links.exists()


# The list


def test_changelist_shows_type_status_verdict_and_number_of_examples(client, curator):
    archetype = ArchetypeFactory(title="Huismeester in de portiekflat", verdict="werkt")
    ArchetypeInterventionFactory.create_batch(3, archetype=archetype)
    response = client.get(reverse(CHANGELIST))
    assertContains(response, "Huismeester in de portiekflat")
    assertContains(response, "Huismeester / complexbeheerder")
    assertContains(response, '<td class="field-example_count">3</td>', html=True)
    assertContains(response, "Kandidaten voorstellen")


def test_changelist_filters_by_type_and_status_and_searches(client, curator):
    sale_type = InterventionType.objects.get(slug="verkoop-huurwoningen")
    ArchetypeFactory(title="Huismeester in de portiekflat")
    ArchetypeFactory(
        title="Verkoop in gemengde buurten",
        intervention_type=sale_type,
        status=choices.Status.PUBLISHED,
    )
    url = reverse(CHANGELIST)
    response = client.get(url, {"intervention_type__id__exact": sale_type.pk})
    assertContains(response, "Verkoop in gemengde buurten")
    assertNotContains(response, "Huismeester in de portiekflat")
    response = client.get(url, {"status__exact": choices.Status.CONCEPT})
    assertContains(response, "Huismeester in de portiekflat")
    assertNotContains(response, "Verkoop in gemengde buurten")
    response = client.get(url, {"q": "gemengde"})
    assertContains(response, "Verkoop in gemengde buurten")
    assertNotContains(response, "Huismeester in de portiekflat")


def _changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    return len(queries)


def test_changelist_queries_do_not_grow_with_the_rows(client, curator):
    ArchetypeInterventionFactory(archetype=ArchetypeFactory())
    with_one = _changelist_queries(client)
    for _ in range(9):
        ArchetypeInterventionFactory(archetype=ArchetypeFactory())
    assert _changelist_queries(client) == with_one


# Adding and changing


def _management_form(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def test_add_form_saves_the_archetype_with_its_inlines(client, curator, shared_a):
    response = client.get(reverse("admin:archetypes_archetype_add"))
    assertContains(response, "Werkzame bestanddelen")
    assertContains(response, "Wetenschappelijke onderbouwing en oordeel")
    response = client.post(
        reverse("admin:archetypes_archetype_add"),
        {
            "title": "Huismeester in de portiekflat",
            "slug": "huismeester-in-de-portiekflat",
            "intervention_type": InterventionType.objects.get(
                slug="huismeester-complexbeheerder"
            ).pk,
            "themes": [Theme.objects.get(slug="leefbaarheid").pk],
            "summary": "Een vaste huismeester in de portiekflats.",
            "mechanism": "Als de huismeester er dagelijks is, dan … omdat …",
            "verdict": choices.Verdict.PROBABLY_WORKS,
            "evidence_level": 3,
            "curators": [curator.pk],
            **_management_form("active_ingredients", 2),
            "active_ingredients-0-position": 2,
            "active_ingredients-0-name": "Bewoners aanspreken",
            "active_ingredients-0-support": choices.Support.PRACTICE,
            "active_ingredients-1-position": 1,
            "active_ingredients-1-name": "Vast gezicht",
            "active_ingredients-1-support": choices.Support.BOTH,
            "active_ingredients-1-is_essential": "on",
            "active_ingredients-1-session_note": "Themasessie huismeesters, maart 2025",
            **_management_form("references", 1),
            "references-0-authors": "Wittebrood, K., & Van Dijk, T.",
            "references-0-year": 2007,
            "references-0-title": "Aandacht voor de wijk",
            "references-0-publisher": "Sociaal en Cultureel Planbureau",
            "references-0-design": choices.Design.LITERATURE,
            "references-0-direction": choices.Direction.POSITIVE,
            **_management_form("effect_verdicts", 0),
            **_management_form("links", 1),
            "links-0-intervention": shared_a.pk,
            "links-0-role": choices.ExampleRole.TYPICAL,
            "links-0-is_exemplary": "on",
            "links-0-remark": "Het voorbeeld waar de anderen op lijken.",
        },
    )
    assertRedirects(response, reverse(CHANGELIST))
    archetype = Archetype.objects.get(slug="huismeester-in-de-portiekflat")
    assert archetype.status == choices.Status.CONCEPT
    assert archetype.published_at is None
    assert list(archetype.curators.all()) == [curator]
    assert [i.name for i in archetype.active_ingredients.order_by("position")] == [
        "Vast gezicht",
        "Bewoners aanspreken",
    ]
    assert archetype.active_ingredients.get(position=1).is_essential
    assert archetype.references.get().publisher == "Sociaal en Cultureel Planbureau"
    link = archetype.links.get()
    assert (link.intervention, link.is_exemplary) == (shared_a, True)
    assert Version.objects.get_for_object(archetype).get().revision.user == curator


def test_status_and_publication_date_cannot_be_typed(client, curator):
    archetype = ArchetypeFactory()
    response = client.get(_change_url(archetype))
    assert "status" not in response.context["adminform"].form.fields
    assert "published_at" not in response.context["adminform"].form.fields


def test_change_form_lists_ingredients_by_position_with_the_own_references(client, curator):
    archetype = ArchetypeFactory()
    ActiveIngredientFactory(archetype=archetype, position=2, name="Bewoners aanspreken")
    ActiveIngredientFactory(archetype=archetype, position=1, name="Vast gezicht")
    ReferenceFactory(archetype=archetype, title="Aandacht voor de wijk")
    ReferenceFactory(title="Werk aan de wijk")
    response = client.get(_change_url(archetype))
    content = response.content.decode()
    assert content.index("Vast gezicht") < content.index("Bewoners aanspreken")
    assertContains(response, "Aandacht voor de wijk")
    assertNotContains(response, "Werk aan de wijk")


def test_change_form_links_to_candidates_and_preview(client, curator):
    archetype = ArchetypeFactory()
    response = client.get(_change_url(archetype))
    assertContains(response, f'href="{_candidates_url(archetype)}"')
    assertContains(response, ">Kandidaten<")
    assertContains(response, f'href="{archetype.get_absolute_url()}"')
    assertContains(response, "Voorbeeld bekijken")


def test_preview_shows_the_draft_to_programme_staff(client, curator):
    archetype = ArchetypeFactory(title="Huismeester in de portiekflat")
    response = client.get(archetype.get_absolute_url())
    assertContains(response, "Huismeester in de portiekflat")


def test_history_shows_the_versions_and_an_old_one_can_be_opened(client, curator):
    archetype = ArchetypeFactory(title="Huismeester in de portiekflat")
    _act(client, "publish", [archetype])
    response = client.get(reverse("admin:archetypes_archetype_history", args=[archetype.pk]))
    assertContains(response, "Gepubliceerd")
    version = Version.objects.get_for_object(archetype).get()
    response = client.get(
        reverse("admin:archetypes_archetype_revision", args=[archetype.pk, version.pk])
    )
    assertContains(response, 'value="Huismeester in de portiekflat"')


def test_a_deleted_archetype_can_be_recovered_with_its_ingredients(client, curator):
    archetype = ArchetypeFactory(title="Huismeester in de portiekflat")
    ActiveIngredientFactory(archetype=archetype, name="Vast gezicht")
    _act(client, "publish", [archetype])
    client.post(reverse("admin:archetypes_archetype_delete", args=[archetype.pk]), {"post": "yes"})
    assert not Archetype.objects.exists()
    response = client.get(reverse("admin:archetypes_archetype_recoverlist"))
    assertContains(response, "Huismeester in de portiekflat")
    version = Version.objects.get_deleted(Archetype).get()
    response = client.get(reverse("admin:archetypes_archetype_recover", args=[version.pk]))
    assertContains(response, 'value="Vast gezicht"')


def _form_data(archetype) -> dict:
    """The change form of an archetype without ingredients, references or examples, as sent."""
    return {
        "title": archetype.title,
        "slug": archetype.slug,
        "intervention_type": archetype.intervention_type_id,
        "summary": archetype.summary,
        "evidence_level": archetype.evidence_level,
        **_management_form("active_ingredients", 0),
        **_management_form("references", 0),
        **_management_form("effect_verdicts", 0),
        **_management_form("links", 0),
    }


def _saved_version(obj, **changes):
    """Save `obj` as a version, then change it without one; returns the version."""
    with reversion.create_revision():
        obj.save()
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save()
    return Version.objects.get_for_object(obj).first()


def test_restoring_an_old_version_is_logged_and_kept_as_a_new_version(client, curator):
    archetype = ArchetypeFactory(title="Huismeester in de portiekflat")
    old = _saved_version(archetype, title="Huismeester, nieuwe titel")
    url = reverse("admin:archetypes_archetype_revision", args=[archetype.pk, old.pk])
    response = client.post(
        url, {**_form_data(archetype), "title": "Huismeester in de portiekflat"}
    )
    assertRedirects(response, reverse(CHANGELIST))
    archetype.refresh_from_db()
    assert archetype.title == "Huismeester in de portiekflat"
    entry = LogEntry.objects.get(object_id=str(archetype.pk))
    assert (entry.action_flag, entry.user) == (CHANGE, curator)
    newest = Version.objects.get_for_object(archetype).first()
    assert newest != old
    assert newest.revision.comment.startswith("De versie van ")


def test_a_version_of_another_model_is_no_version_of_the_archetype(client, curator, partner_b):
    archetype = ArchetypeFactory(title="Huismeester in de portiekflat")
    plan = MonitoringPlanFactory(intervention=InterventionFactory(organisation=partner_b))
    other = _saved_version(plan, start_date=datetime.date(2026, 3, 1))
    # The plan's version, with the archetype's id in the URL.
    Version.objects.filter(pk=other.pk).update(object_id=str(archetype.pk))
    url = reverse("admin:archetypes_archetype_revision", args=[archetype.pk, other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form_data(archetype)).status_code == 404
    plan.refresh_from_db()
    assert plan.start_date == datetime.date(2026, 3, 1)
    assert not LogEntry.objects.exists()


def test_a_version_of_another_archetype_is_a_404(client, curator):
    archetype = ArchetypeFactory()
    other = _saved_version(ArchetypeFactory(), title="Een andere titel")
    url = reverse("admin:archetypes_archetype_revision", args=[archetype.pk, other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form_data(archetype)).status_code == 404
    assert Archetype.objects.filter(title="Een andere titel").exists()


def test_recover_with_a_version_of_another_model_changes_nothing(client, curator, partner_b):
    plan = MonitoringPlanFactory(intervention=InterventionFactory(organisation=partner_b))
    other = _saved_version(plan, start_date=datetime.date(2026, 3, 1))
    url = reverse("admin:archetypes_archetype_recover", args=[other.pk])
    response = client.post(url, {"title": "Gekaapt", "slug": "gekaapt"})
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.start_date == datetime.date(2026, 3, 1)
    assert not LogEntry.objects.exists()


def test_recover_of_an_archetype_that_was_not_deleted_is_a_404(client, curator):
    archetype = ArchetypeFactory(title="Huismeester in de portiekflat")
    old = _saved_version(archetype, title="Huismeester, nieuwe titel")
    url = reverse("admin:archetypes_archetype_recover", args=[old.pk])
    assert client.post(url, _form_data(archetype)).status_code == 404
    archetype.refresh_from_db()
    assert archetype.title == "Huismeester, nieuwe titel"


def test_recovering_is_logged_and_kept_as_a_new_version(client, curator):
    archetype = ArchetypeFactory(title="Huismeester in de portiekflat")
    with reversion.create_revision():
        archetype.save()
    data = _form_data(archetype)
    archetype.delete()
    version = Version.objects.get_deleted(Archetype).get()
    url = reverse("admin:archetypes_archetype_recover", args=[version.pk])
    assertRedirects(client.post(url, data), reverse(CHANGELIST))
    recovered = Archetype.objects.get(title="Huismeester in de portiekflat")
    assert LogEntry.objects.get(object_id=str(recovered.pk)).user == curator
    assert Version.objects.get_for_object(recovered).count() == 2


def test_a_version_saved_with_records_of_another_kind_is_not_restored(client, curator):
    archetype = ArchetypeFactory(title="Huismeester in de portiekflat")
    plan = MonitoringPlanFactory()
    with reversion.create_revision():
        archetype.save()
        plan.save()
    plan.start_date = datetime.date(2026, 3, 1)
    plan.save()
    version = Version.objects.get_for_object(archetype).get()
    url = reverse("admin:archetypes_archetype_revision", args=[archetype.pk, version.pk])
    response = client.post(url, _form_data(archetype), follow=True)
    assertContains(response, "niet hier worden teruggezet")
    plan.refresh_from_db()
    assert plan.start_date == datetime.date(2026, 3, 1)
    assert not LogEntry.objects.exists()


def test_staff_outside_the_programme_office_cannot_restore(client, staff_without_group):
    client.force_login(staff_without_group)
    archetype = ArchetypeFactory(title="Huismeester in de portiekflat")
    old = _saved_version(archetype, title="Huismeester, nieuwe titel")
    url = reverse("admin:archetypes_archetype_revision", args=[archetype.pk, old.pk])
    assert client.post(url, _form_data(archetype)).status_code == 403
    archetype.refresh_from_db()
    assert archetype.title == "Huismeester, nieuwe titel"


# Autocomplete


def _practice_example_choices(client, term: str) -> list[dict]:
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "archetypes",
            "model_name": "archetypeintervention",
            "field_name": "intervention",
            "term": term,
        },
    )
    assert response.status_code == 200
    return response.json()["results"]


def test_autocomplete_for_practice_examples_returns_matching_titles(
    client, curator, partner_a, member_a
):
    garden = make_published(partner_a, member_a, title="Buurtmoestuin Oude Westen")
    make_published(partner_a, member_a, title="Huismeester Tarwewijk")
    results = _practice_example_choices(client, "moestuin")
    assert results == [{"id": str(garden.pk), "text": garden.title}]


def test_autocomplete_offers_only_what_the_site_shows_programme_staff(
    client, curator, partner_a, member_a
):
    shared = make_published(partner_a, member_a, title="Buurtmoestuin Oude Westen")
    InterventionFactory(organisation=partner_a, title="Buurtmoestuin Tarwewijk")
    make_published(
        partner_a, member_a, title="Buurtmoestuin Afrikaanderwijk", visibility="organisatie"
    )
    results = _practice_example_choices(client, "moestuin")
    assert results == [{"id": str(shared.pk), "text": shared.title}]


def test_a_description_the_site_does_not_show_cannot_be_linked(client, curator, concept_a):
    archetype = ArchetypeFactory()
    data = {
        **_form_data(archetype),
        **_management_form("links", 1),
        "links-0-intervention": concept_a.pk,
        "links-0-role": choices.ExampleRole.TYPICAL,
    }
    response = client.post(_change_url(archetype), data)
    assertContains(response, "Selecteer een geldige keuze")
    assert not archetype.links.exists()


def test_links_to_descriptions_the_site_does_not_show_stay_out_of_the_form(
    client, curator, concept_a, shared_a
):
    archetype = ArchetypeFactory()
    ArchetypeInterventionFactory(archetype=archetype, intervention=concept_a)
    ArchetypeInterventionFactory(archetype=archetype, intervention=shared_a)
    response = client.get(_change_url(archetype))
    assertContains(response, shared_a.title)
    assertNotContains(response, concept_a.title)
    response = client.post(
        _change_url(archetype),
        {
            **_form_data(archetype),
            "links-TOTAL_FORMS": 1,
            "links-INITIAL_FORMS": 1,
            "links-0-id": archetype.links.get(intervention=shared_a).pk,
            "links-0-archetype": archetype.pk,
            "links-0-intervention": shared_a.pk,
            "links-0-role": choices.ExampleRole.TYPICAL,
        },
    )
    assertRedirects(response, reverse(CHANGELIST))
    assert archetype.links.count() == 2


def test_autocomplete_is_closed_to_partner_staff(client, manager_a):
    client.force_login(manager_a)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "archetypes",
            "model_name": "archetypeintervention",
            "field_name": "intervention",
            "term": "huis",
        },
    )
    assert response.status_code == 302


# Actions


def test_publish_action_publishes_drafts_and_makes_versions(client, curator):
    drafts = ArchetypeFactory.create_batch(2)
    response = _act(client, "publish", drafts)
    assertContains(response, "2 archetypen gepubliceerd")
    for archetype in drafts:
        archetype.refresh_from_db()
        assert archetype.status == choices.Status.PUBLISHED
        assert archetype.published_at is not None
        version = Version.objects.get_for_object(archetype).get()
        assert version.revision.user == curator


def test_back_to_draft_action(client, curator):
    archetype = ArchetypeFactory(status=choices.Status.PUBLISHED)
    response = _act(client, "unpublish", [archetype])
    assertContains(response, "1 archetype terug naar concept")
    archetype.refresh_from_db()
    assert archetype.status == choices.Status.CONCEPT


def test_propose_candidates_action_opens_the_candidates_of_one_archetype(client, curator):
    archetype = ArchetypeFactory()
    response = client.post(
        reverse(CHANGELIST),
        {"action": "propose_candidates", "_selected_action": [archetype.pk]},
    )
    assertRedirects(response, _candidates_url(archetype))


def test_propose_candidates_action_asks_to_choose_one(client, curator):
    response = _act(client, "propose_candidates", ArchetypeFactory.create_batch(2))
    assertContains(response, "Kies precies één archetype")


# Candidates


def test_candidates_are_published_descriptions_of_the_type_not_linked_yet(
    client, curator, partner_a, member_a, shared_a, internal_a, concept_a
):
    archetype = ArchetypeFactory()
    linked = make_published(partner_a, member_a, title="Al gekoppelde huismeester")
    ArchetypeInterventionFactory(archetype=archetype, intervention=linked)
    other_type = make_published(partner_a, member_a, title="Bemiddeling bij burenruzies")
    other_type.intervention_types.set([InterventionType.objects.get(slug="buurtbemiddeling")])
    response = client.get(_candidates_url(archetype))
    assert list(response.context["candidates"]) == [shared_a]
    assertContains(response, f'value="{shared_a.pk}"')
    for hidden in (internal_a, concept_a, linked, other_type):
        assertNotContains(response, f'value="{hidden.pk}"')


def test_candidates_view_links_the_chosen_descriptions(
    client, curator, partner_a, member_a, shared_a
):
    archetype = ArchetypeFactory()
    other = make_published(partner_a, member_a)
    response = client.post(
        _candidates_url(archetype), {"interventions": [shared_a.pk]}, follow=True
    )
    assertRedirects(response, _change_url(archetype))
    assertContains(response, "1 beschrijving gekoppeld")
    assert list(archetype.interventions.all()) == [shared_a]
    version = Version.objects.get_for_object(archetype).get()
    assert version.revision.user == curator
    assert list(client.get(_candidates_url(archetype)).context["candidates"]) == [other]


def test_candidates_view_links_nothing_outside_the_candidates(
    client, curator, shared_a, internal_a
):
    archetype = ArchetypeFactory()
    response = client.post(_candidates_url(archetype), {"interventions": [internal_a.pk]})
    assert response.status_code == 200
    assert response.context["form"].errors
    response = client.post(_candidates_url(archetype), {})
    assertContains(response, "Kies minstens één beschrijving")
    assert not archetype.links.exists()


def test_candidates_view_says_when_there_are_none(client, curator):
    response = client.get(_candidates_url(ArchetypeFactory()))
    assertContains(response, "Er zijn geen kandidaten")


def test_candidates_of_an_unknown_archetype_go_back_to_the_admin(client, curator):
    response = client.get(reverse("admin:archetypes_archetype_candidates", args=[999999]))
    assert response.status_code == 302
