"""Programme staff moderate questions and answers in the administration: with a reason, and
only on the descriptions the site shows them."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from conversation.models import Answer, Question
from tests.factories import UserFactory, make_published

CHANGELIST = "admin:conversation_question_changelist"


@pytest.fixture
def questions(shared_a, partner_a, member_a, member_b):
    private = make_published(partner_a, member_a, visibility="organisatie")
    shown = Question.objects.create(
        intervention=shared_a, author=member_b, body="Koop zonnepanelen"
    )
    kept = Question.objects.create(intervention=private, author=member_a, body="Interne vraag")
    Answer.objects.create(question=kept, author=member_a, body="Intern antwoord")
    return shown, kept


def test_programme_staff_see_only_the_questions_of_descriptions_shown_to_them(
    client, programme_staff, questions
):
    client.force_login(programme_staff)
    response = client.get(reverse(CHANGELIST))
    assertContains(response, "Koop zonnepanelen")
    assertNotContains(response, "Interne vraag")
    answers = client.get(reverse("admin:conversation_answer_changelist"))
    assertNotContains(answers, "Intern antwoord")
    kept = questions[1]
    url = reverse("admin:conversation_question_change", args=[kept.pk])
    assert client.get(url).status_code == 302  # not found: back to the list


def test_the_hide_action_asks_for_a_reason(client, programme_staff, questions):
    shown = questions[0]
    client.force_login(programme_staff)
    data = {"action": "hide", ACTION_CHECKBOX_NAME: [shown.pk]}
    response = client.post(reverse(CHANGELIST), data)
    assertContains(response, "Waarom verberg je deze bijdragen?")
    response = client.post(reverse(CHANGELIST), data | {"reason": ""})
    assertContains(response, "Geef aan waarom je deze bijdragen verbergt.")
    shown.refresh_from_db()
    assert not shown.is_hidden
    response = client.post(reverse(CHANGELIST), data | {"reason": "Reclame"})
    assert response.status_code == 302
    shown.refresh_from_db()
    assert (shown.hidden_by, shown.hidden_reason) == (programme_staff, "Reclame")


def test_staff_outside_the_programme_office_cannot_moderate(client, questions):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_a_member_gets_the_login_of_the_administration(client, member_a, questions):
    client.force_login(member_a)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert "login" in response["Location"]
