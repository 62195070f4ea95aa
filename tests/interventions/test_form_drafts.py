"""Unsaved work in the description form (interventions/views/drafts.py): a draft is kept for its
author only, never as a version, offered while newer than the saved description, and deleted by
a save; the form's external reference gets a message next to the field when it is taken."""

import json
import re

import pytest
from django.urls import reverse
from reversion.models import Version

from interventions.models import FormDraft, Intervention
from tests.factories import InterventionFactory, UserFactory
from tests.interventions.test_edit import QUERIES_OF_THE_EDIT_PAGE, edit_url, form_data

TEXT = "De huismeester is er elke dag; </script><b>bewoners</b> kennen hem."
DRAFT = {"title": ["Huismeester"], "summary": [TEXT], "themes": ["1", "2"]}


def save_url(intervention=None) -> str:
    if intervention is None:
        return reverse("interventions:draft_save_new")
    return reverse("interventions:draft_save", kwargs={"pk": intervention.pk})


def discard_url(intervention=None) -> str:
    if intervention is None:
        return reverse("interventions:draft_discard_new")
    return reverse("interventions:draft_discard", kwargs={"pk": intervention.pk})


def keep(client, intervention=None, fields=DRAFT):
    return client.post(save_url(intervention), {"draft": json.dumps(fields)})


def offered(response) -> dict | None:
    found = re.search(
        r'<script id="form-draft-data" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    return json.loads(found.group(1)) if found else None


def test_leaving_a_section_keeps_a_draft_and_no_version(client, member_a, concept_a):
    client.force_login(member_a)
    versions = Version.objects.count()
    before = Intervention.objects.get(pk=concept_a.pk)

    response = keep(client, concept_a)
    keep(client, concept_a, {**DRAFT, "title": ["Huismeester, tweede versie"]})

    assert response.status_code == 200
    assert "saved_at" in response.json()
    draft = FormDraft.objects.get()
    assert (draft.user, draft.intervention) == (member_a, concept_a)
    assert draft.data["title"] == ["Huismeester, tweede versie"]
    assert Version.objects.count() == versions
    after = Intervention.objects.get(pk=concept_a.pk)
    assert (after.revision, after.updated_at, after.title) == (
        before.revision,
        before.updated_at,
        before.title,
    )


def test_the_form_offers_the_draft_escaped_and_a_save_deletes_it(client, member_a, concept_a):
    client.force_login(member_a)
    keep(client, concept_a)

    response = client.get(edit_url(concept_a))

    assert offered(response)["fields"]["summary"] == [TEXT]
    assert "</script><b>" not in response.content.decode().split("form-draft-data")[1][:300]
    assert 'id="form-draft-offer"' in response.content.decode()

    saved = client.post(edit_url(concept_a), form_data(response, summary="Opgeslagen tekst."))

    assert saved.status_code == 302
    assert not FormDraft.objects.exists()
    after = client.get(edit_url(concept_a))
    assert offered(after) is None
    assert f'data-cleared="{concept_a.pk}"' in after.content.decode()
    # Said once: the next visit keeps what the browser has.
    assert 'data-cleared=""' in client.get(edit_url(concept_a)).content.decode()


def test_a_draft_older_than_the_saved_description_is_not_offered(client, member_a, concept_a):
    client.force_login(member_a)
    keep(client, concept_a)
    concept_a.title = "Intussen opgeslagen"
    concept_a.save()

    assert offered(client.get(edit_url(concept_a))) is None


def test_a_new_description_has_its_own_draft_until_it_is_created(client, member_a, concept_a):
    client.force_login(member_a)
    keep(client)
    keep(client, concept_a)

    create = client.get(reverse("interventions:create"))

    assert offered(create)["fields"]["title"] == ["Huismeester"]
    assert 'data-form="new"' in create.content.decode()
    created = client.post(reverse("interventions:create"), form_data(create, title="Nieuw"))
    assert created.status_code == 302
    assert list(FormDraft.objects.values_list("intervention", flat=True)) == [concept_a.pk]
    assert 'data-cleared="new"' in client.get(created.url).content.decode()


def test_throwing_away_deletes_only_that_draft(client, member_a, concept_a):
    client.force_login(member_a)
    keep(client)
    keep(client, concept_a)

    response = client.post(discard_url(concept_a))

    assert response.status_code == 204
    assert list(FormDraft.objects.values_list("intervention", flat=True)) == [None]
    assert client.post(discard_url()).status_code == 204
    assert not FormDraft.objects.exists()


def test_a_draft_is_seen_by_its_author_only(client, member_a, manager_a, concept_a):
    client.force_login(member_a)
    keep(client, concept_a)
    keep(client)

    client.force_login(manager_a)

    assert offered(client.get(edit_url(concept_a))) is None
    assert offered(client.get(reverse("interventions:create"))) is None


@pytest.mark.parametrize("url_name", ["draft_save", "draft_discard"])
def test_another_partner_gets_404_and_anonymous_the_login(
    client, member_b, concept_a, shared_a, url_name
):
    for intervention in (concept_a, shared_a):
        url = reverse(f"interventions:{url_name}", kwargs={"pk": intervention.pk})
        assert client.post(url, {"draft": "{}"}).status_code == 302
        client.force_login(member_b)
        assert client.post(url, {"draft": "{}"}).status_code == 404
        assert client.get(url).status_code == 405
        client.logout()
    assert not FormDraft.objects.exists()


def test_someone_without_an_organisation_keeps_no_draft_of_a_new_description(client, db):
    client.force_login(UserFactory())

    assert keep(client).status_code == 403
    assert not FormDraft.objects.exists()


@pytest.mark.parametrize(
    "draft",
    [
        "geen json",
        json.dumps(["title", "Huismeester"]),
        json.dumps({"title": "Huismeester"}),
        json.dumps({"title": [1]}),
        json.dumps({"title": ["Huis\x00meester"]}),
        json.dumps({"summary": ["x" * 1_000_001]}),
    ],
)
def test_what_is_not_a_set_of_form_fields_is_refused(client, member_a, concept_a, draft):
    client.force_login(member_a)

    response = client.post(save_url(concept_a), {"draft": draft})

    assert response.status_code == 400
    assert not FormDraft.objects.exists()


def test_keeping_a_draft_takes_the_same_queries_for_a_short_and_a_long_form(
    client, member_a, concept_a, django_assert_num_queries
):
    client.force_login(member_a)
    keep(client, concept_a)  # session warm
    long_form = {f"theory_steps-{n}-if_text": ["als " * 200] for n in range(50)}

    # Session, user, the description it may edit, and the one statement that keeps the draft.
    with django_assert_num_queries(4):
        keep(client, concept_a, {"title": ["Kort"]})
    with django_assert_num_queries(4):
        keep(client, concept_a, long_form)


def test_the_edit_page_reads_the_draft_with_the_description(
    client, member_a, concept_a, django_assert_num_queries
):
    client.force_login(member_a)
    keep(client, concept_a)
    client.get(edit_url(concept_a))

    with django_assert_num_queries(QUERIES_OF_THE_EDIT_PAGE):
        response = client.get(edit_url(concept_a))
    assert offered(response) is not None


# The external reference in the form


def test_the_form_keeps_the_external_reference(client, member_a, concept_a):
    client.force_login(member_a)
    response = client.get(edit_url(concept_a))
    assert "Extern kenmerk" in response.content.decode()

    saved = client.post(edit_url(concept_a), form_data(response, external_reference="HM-7"))

    assert saved.status_code == 302
    assert Intervention.objects.get(pk=concept_a.pk).external_reference == "HM-7"


def test_a_taken_external_reference_gets_a_message_next_to_the_field(
    client, member_a, partner_a, partner_b, concept_a
):
    InterventionFactory(organisation=partner_a, external_reference="HM-7")
    InterventionFactory(organisation=partner_b, external_reference="HM-8")
    client.force_login(member_a)
    response = client.get(edit_url(concept_a))

    taken = client.post(edit_url(concept_a), form_data(response, external_reference="HM-7"))

    assert taken.status_code == 200
    assert taken.context["form"].errors["external_reference"] == [
        "Een andere beschrijving van Woonstichting De Maasoever heeft dit externe kenmerk al. "
        "Geef elke beschrijving een eigen kenmerk, of laat het leeg."
    ]
    assert 'id="error_1_id_external_reference"' in taken.content.decode()
    # Another organisation's reference is no obstacle.
    free = client.post(edit_url(concept_a), form_data(response, external_reference="HM-8"))
    assert free.status_code == 302
