"""The weekly digest: one e-mail of a test week with what is new in what a member follows,
never a description they may not see, once a week, nothing when nothing is new, and a signed
unsubscribe link that works without a login and cannot be forged."""

import datetime
import re
import threading

import pytest
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from archetypes import choices as archetype_choices
from conversation import digest
from conversation.models import Answer, DigestSubscription, Follow, Question
from interventions.models import InterventionType
from tests.factories import (
    ArchetypeFactory,
    MembershipFactory,
    ThemeSessionFactory,
    make_published,
)

TYPE_SLUG = "huismeester-complexbeheerder"
UNSUBSCRIBE = re.compile(r"https?://[^\s]+/volgen/afmelden/[^\s/]+/")


@pytest.fixture
def huismeester():
    return InterventionType.objects.get(slug=TYPE_SLUG)


@pytest.fixture
def follower(member_b, huismeester):
    """Member B follows the type "Huismeester / complexbeheerder"."""
    Follow.objects.create(user=member_b, intervention_type=huismeester)
    return member_b


def send(capture, now=None) -> int:
    with capture(execute=True):
        return digest.send_weekly_digests(now=now or timezone.now())


def test_the_digest_of_a_test_week(
    follower,
    partner_a,
    member_a,
    manager_a,
    huismeester,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    shared = make_published(partner_a, member_a, title="Huismeester Tarwewijk")
    make_published(partner_a, member_a, title="Geheime huismeester", visibility="organisatie")
    followed = make_published(partner_a, member_a, title="Buurtconciërge Pendrecht")
    Follow.objects.create(user=follower, intervention=followed)
    question = Question.objects.create(intervention=followed, author=follower, body="Hoe duur?")
    Answer.objects.create(question=question, author=manager_a, body="Ongeveer € 60.000 per jaar.")
    hidden = Answer.objects.create(
        question=question,
        author=manager_a,
        body="Weg",
        hidden_at=timezone.now(),
        hidden_by=manager_a,
    )
    assert hidden.is_hidden
    archetype = ArchetypeFactory(status=archetype_choices.Status.PUBLISHED, title="Huismeester")
    session = ThemeSessionFactory(
        title="Wat werkt in de huismeesterij", intervention_type=huismeester
    )

    assert send(django_capture_on_commit_callbacks) == 1

    (message,) = mailoutbox
    assert message.to == [follower.email]
    assert message.subject.startswith("Nieuw in wat je volgt, week van ")
    body = message.body
    assert "Beste Rachid" in body
    assert f"Nieuwe beschrijving: {shared.title}" in body
    assert shared.get_absolute_url() in body
    assert "1 nieuw antwoord: Buurtconciërge Pendrecht" in body
    assert f"Archetype gewijzigd: {archetype.title}" in body
    assert f"{session.title}" in body and "Nieuwe bijeenkomst op" in body
    # Never a description the recipient may not see, nor a hidden answer.
    assert "Geheime huismeester" not in body
    assert "2 nieuwe antwoorden" not in body
    html = message.alternatives[0][0]
    assert 'href="http://' in html and shared.title in html and "Geheime" not in html
    unsubscribe = UNSUBSCRIBE.search(body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    subscription = DigestSubscription.objects.get(user=follower)
    assert subscription.last_week == digest.week_of(timezone.localdate())


def test_one_digest_per_week_even_when_run_twice(
    follower, partner_a, member_a, mailoutbox, django_capture_on_commit_callbacks
):
    make_published(partner_a, member_a)
    now = timezone.now()
    assert send(django_capture_on_commit_callbacks, now) == 1
    assert send(django_capture_on_commit_callbacks, now) == 0
    week = digest.week_of(timezone.localdate(now))
    subscription = DigestSubscription.objects.get(user=follower)
    assert not digest.send_digest(subscription_id=subscription.pk, week=week, now=now)
    assert len(mailoutbox) == 1
    # Next week, only what is new since this digest.
    later = now + datetime.timedelta(days=7)
    assert send(django_capture_on_commit_callbacks, later) == 0
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_digest(reference_data, mailoutbox):
    member = MembershipFactory().user
    author = MembershipFactory().user
    Follow.objects.create(
        user=member, intervention_type=InterventionType.objects.get(slug=TYPE_SLUG)
    )
    make_published(author.memberships.get().organisation, author)
    barrier = threading.Barrier(2)
    sent = []

    def run():
        try:
            barrier.wait()
            sent.append(digest.send_weekly_digests())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(sent) == [0, 1]
    assert len(mailoutbox) == 1


def test_nothing_new_sends_nothing(follower, mailoutbox, django_capture_on_commit_callbacks):
    assert send(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []
    assert DigestSubscription.objects.get(user=follower).last_week is None


def test_nothing_for_what_a_member_does_not_follow_or_turned_off(
    member_b, partner_a, member_a, mailoutbox, django_capture_on_commit_callbacks
):
    make_published(partner_a, member_a)
    Follow.objects.create(user=member_b, intervention=make_published(partner_a, member_a))
    DigestSubscription.objects.create(user=member_b, weekly=False)
    assert send(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


def test_the_command_reports_in_dutch(
    follower, partner_a, member_a, capsys, mailoutbox, django_capture_on_commit_callbacks
):
    make_published(partner_a, member_a)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_weekly_digest")
    assert capsys.readouterr().out.strip() == "1 overzicht verstuurd."
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_weekly_digest")
    assert capsys.readouterr().out.strip() == "0 overzichten verstuurd."
    assert len(mailoutbox) == 1


def _link(mailoutbox) -> str:
    return UNSUBSCRIBE.search(mailoutbox[0].body).group(0).split("://", 1)[1].split("/", 1)[1]


def test_the_unsubscribe_link_works_without_a_login(
    follower, partner_a, member_a, mailoutbox, django_capture_on_commit_callbacks
):
    make_published(partner_a, member_a)
    send(django_capture_on_commit_callbacks)
    path = "/" + _link(mailoutbox)
    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get(path)
    assertContains(page, "Stop de wekelijkse e-mail")
    assertContains(page, follower.email)
    assert DigestSubscription.objects.get(user=follower).weekly
    assertContains(anonymous.post(path), "De wekelijkse e-mail staat uit")
    assert not DigestSubscription.objects.get(user=follower).weekly


def test_one_click_unsubscribe_from_the_mail_program(
    follower, partner_a, member_a, mailoutbox, django_capture_on_commit_callbacks
):
    make_published(partner_a, member_a)
    send(django_capture_on_commit_callbacks)
    path = "/" + _link(mailoutbox)
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not DigestSubscription.objects.get(user=follower).weekly
    make_published(partner_a, member_a)
    next_week = timezone.now() + datetime.timedelta(days=7)
    assert send(django_capture_on_commit_callbacks, next_week) == 0


FORGERIES = {
    "garbage": lambda user_id: "nonsense",
    "other salt": lambda user_id: signing.TimestampSigner(salt="other").sign_object(
        {"user": user_id}
    ),
    "other key": lambda user_id: signing.TimestampSigner(
        key="not-our-secret", salt=digest.UNSUBSCRIBE_SALT
    ).sign_object({"user": user_id}),
    "unsigned": lambda user_id: signing.b64_encode(f'{{"user":{user_id}}}'.encode()).decode(),
}


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_link_fails_clearly(client, follower, forge):
    DigestSubscription.objects.create(user=follower)
    url = reverse("follows:unsubscribe", args=[forge(follower.pk)])
    for response in (client.get(url), client.post(url)):
        assertContains(response, "Deze afmeldlink is niet geldig", status_code=400)
    assert DigestSubscription.objects.get(user=follower).weekly


def test_a_tampered_link_fails(client, follower, member_a):
    DigestSubscription.objects.create(user=follower)
    DigestSubscription.objects.create(user=member_a)
    token = digest.unsubscribe_token(member_a)
    _payload, rest = token.split(":", 1)
    other = signing.b64_encode(f'{{"user":{follower.pk}}}'.encode()).decode()
    response = client.post(reverse("follows:unsubscribe", args=[f"{other}:{rest}"]))
    assert response.status_code == 400
    assert DigestSubscription.objects.get(user=follower).weekly
    assert DigestSubscription.objects.get(user=member_a).weekly
    assert digest.member_of_token(token) == member_a
