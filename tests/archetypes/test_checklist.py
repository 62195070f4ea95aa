"""The archetype's checklist in the description form: the ticks are saved in
ActiveIngredient.applied_in, shown again, and kept only for the archetypes still shown."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from archetypes import choices
from archetypes.services import save_checklist
from interventions.models import InterventionType
from tests.factories import ActiveIngredientFactory, ArchetypeFactory
from tests.interventions.test_edit import form_data

PUBLISHED = choices.Status.PUBLISHED


@pytest.fixture
def kinds(db):
    """Two published archetypes of two types, and a draft of the first type."""
    caretaker_type = InterventionType.objects.get(slug="huismeester-complexbeheerder")
    other_type = InterventionType.objects.exclude(pk=caretaker_type.pk).first()
    caretaker = ArchetypeFactory(status=PUBLISHED, intervention_type=caretaker_type)
    mediation = ArchetypeFactory(status=PUBLISHED, intervention_type=other_type)
    draft = ArchetypeFactory(intervention_type=caretaker_type)
    return {
        "face": ActiveIngredientFactory(archetype=caretaker, name="Vast gezicht"),
        "rounds": ActiveIngredientFactory(archetype=caretaker, name="Dagelijkse ronde"),
        "neutral": ActiveIngredientFactory(archetype=mediation, name="Neutrale bemiddelaar"),
        "draft": ActiveIngredientFactory(archetype=draft, name="Nog in concept"),
        "caretaker_type": caretaker_type,
        "other_type": other_type,
    }


def edit_url(intervention) -> str:
    return reverse("interventions:update", kwargs={"pk": intervention.pk})


def opened(client, user, intervention):
    client.force_login(user)
    return client.get(edit_url(intervention))


def ticked(intervention) -> set[int]:
    return set(intervention.applied_archetype_ingredients.values_list("pk", flat=True))


def test_ticks_are_saved_and_shown_again(client, member_a, concept_a, kinds):
    concept_a.intervention_types.add(kinds["caretaker_type"])
    response = opened(client, member_a, concept_a)
    # The ticks are inputs of the description's form, so the browser sends them with it.
    form_html = response.text[response.text.index('id="intervention-form"') :]
    form_html = form_html[: form_html.index("</form>")]
    assert f'name="archetype_ingredients" value="{kinds["face"].pk}"' in form_html
    posted = [
        kinds["face"].pk,
        kinds["neutral"].pk,  # an archetype of a type the description does not have
        kinds["draft"].pk,  # a draft archetype
        999999,  # no ingredient
        "vast gezicht",
    ]
    data = form_data(response, archetype_ingredients=posted)
    response = client.post(edit_url(concept_a), data)
    assert response.status_code == 302
    assert ticked(concept_a) == {kinds["face"].pk}
    response = client.get(edit_url(concept_a))
    [shown] = [item for item in response.context["archetype_checklists"] if item.is_shown]
    assert shown.ticked == {kinds["face"].pk}
    text = response.text
    assert f'value="{kinds["face"].pk}" id="checklist-{kinds["face"].pk}" checked>' in text
    assert f'value="{kinds["rounds"].pk}" id="checklist-{kinds["rounds"].pk}">' in text
    assert "De vinkjes worden met de beschrijving bewaard" in text
    assert "niet bewaard" not in text


def test_unticking_removes_the_tick(client, member_a, concept_a, kinds):
    concept_a.intervention_types.add(kinds["caretaker_type"])
    kinds["face"].applied_in.add(concept_a)
    response = opened(client, member_a, concept_a)
    data = form_data(response, archetype_ingredients=[kinds["rounds"].pk])
    assert client.post(edit_url(concept_a), data).status_code == 302
    assert ticked(concept_a) == {kinds["rounds"].pk}


def test_a_form_error_keeps_the_ticks_just_made(client, member_a, concept_a, kinds):
    concept_a.intervention_types.add(kinds["caretaker_type"])
    response = opened(client, member_a, concept_a)
    data = form_data(
        response, title="", archetype_ingredients=[kinds["face"].pk, kinds["rounds"].pk]
    )
    response = client.post(edit_url(concept_a), data)
    assert response.status_code == 200
    assert "Geef de beschrijving een titel" in response.text
    assert ticked(concept_a) == set()
    [shown] = [item for item in response.context["archetype_checklists"] if item.is_shown]
    assert shown.ticked == {kinds["face"].pk, kinds["rounds"].pk}
    assert f'id="checklist-{kinds["rounds"].pk}" checked>' in response.text


def test_changing_the_types_keeps_only_the_ticks_of_archetypes_still_shown(
    client, member_a, concept_a, kinds
):
    concept_a.intervention_types.add(kinds["caretaker_type"], kinds["other_type"])
    for name in ("face", "neutral", "draft"):
        kinds[name].applied_in.add(concept_a)
    response = opened(client, member_a, concept_a)
    # The writer unticks the other type; its checklist is hidden, but the browser still sends
    # the tick in it.
    data = form_data(
        response,
        intervention_types=[kinds["caretaker_type"].pk],
        archetype_ingredients=[kinds["face"].pk, kinds["neutral"].pk],
    )
    assert client.post(edit_url(concept_a), data).status_code == 302
    # The draft archetype's tick waits for it to be published again.
    assert ticked(concept_a) == {kinds["face"].pk, kinds["draft"].pk}


def test_another_partner_cannot_tick(member_b, concept_a, kinds):
    concept_a.intervention_types.add(kinds["caretaker_type"])
    with pytest.raises(PermissionDenied):
        save_checklist(intervention=concept_a, ingredient_ids=[kinds["face"].pk], by=member_b)
    assert ticked(concept_a) == set()


def test_the_service_returns_what_it_kept(member_a, concept_a, kinds):
    concept_a.intervention_types.add(kinds["caretaker_type"])
    kept = save_checklist(
        intervention=concept_a,
        ingredient_ids=[str(kinds["rounds"].pk), "9" * 40, "-1", kinds["neutral"].pk],
        by=member_a,
    )
    assert kept == {kinds["rounds"].pk}
    assert ticked(concept_a) == kept
