import reversion
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects
from reversion.models import Version

from interventions.diffs import word_diff
from interventions.models import Intervention, Theme, TheoryStep

# Session, user, organisations, the description, its versions with their revisions and users.
HISTORY_QUERIES = 5


def history_url(intervention: Intervention) -> str:
    return reverse("interventions:history", args=[intervention.pk])


def diff_url(intervention: Intervention, old: Version, new: Version) -> str:
    url = reverse("interventions:diff", args=[intervention.pk])
    return f"{url}?van={old.pk}&naar={new.pk}"


def restore_url(intervention: Intervention, version: Version) -> str:
    return reverse("interventions:restore", args=[intervention.pk, version.pk])


def save_version(intervention: Intervention, user, comment: str, **changes) -> Version:
    with reversion.create_revision():
        for name, value in changes.items():
            setattr(intervention, name, value)
        intervention.save()
        reversion.set_user(user)
        reversion.set_comment(comment)
    return Version.objects.get_for_object(intervention).first()


def test_history_needs_a_login(client, shared_a):
    url = history_url(shared_a)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_other_partner_gets_404_for_the_history_of_a_draft(client, member_b, concept_a):
    client.force_login(member_b)
    assert client.get(history_url(concept_a)).status_code == 404
    old = save_version(concept_a, concept_a.created_by, "Eerste")
    new = save_version(concept_a, concept_a.created_by, "Tweede", main_goal="Doel")
    assert client.get(diff_url(concept_a, old, new)).status_code == 404


def test_history_lists_every_version_with_who_when_and_comment(client, member_a, shared_a):
    save_version(shared_a, member_a, "Doel aangescherpt", main_goal="Schone portieken.")
    client.force_login(member_a)
    response = client.get(history_url(shared_a))
    assertContains(response, "<h1>Geschiedenis</h1>", html=True)
    assertContains(response, "Doel aangescherpt")
    assertContains(response, "Gepubliceerd")
    assertContains(response, "<td>Youssef El Amrani</td>", count=2)
    assertContains(response, "Versie 1 terugzetten")
    assertNotContains(response, "Versie 2 terugzetten")


def test_other_partner_gets_404_for_the_history_of_a_shared_description(
    client, member_b, shared_a
):
    # Earlier versions may hold text that was never published.
    client.force_login(member_b)
    assert client.get(history_url(shared_a)).status_code == 404
    old = new = Version.objects.get_for_object(shared_a).first()
    assert client.get(diff_url(shared_a, old, new)).status_code == 404


def test_diff_shows_changed_fields_word_by_word(client, member_a, shared_a):
    old = Version.objects.get_for_object(shared_a).first()
    new = save_version(
        shared_a,
        member_a,
        "Doel",
        main_goal="Schone, veilige en lichte portieken en tevreden huurders.",
        causes="<script>alert(1)</script>",
    )
    client.force_login(member_a)
    response = client.get(diff_url(shared_a, old, new))
    assertContains(response, "Wijzigingen tussen twee versies")
    assertContains(response, "Hoofddoel")
    assertContains(response, "Schone, veilige<ins> en lichte</ins> portieken")
    assertContains(response, "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>")
    assertNotContains(response, "<script>alert(1)")
    assertNotContains(response, "Aanpak</h2>")


def test_diff_shows_changes_in_the_theory_of_change(client, member_a, shared_a):
    old = Version.objects.get_for_object(shared_a).first()
    TheoryStep.objects.filter(intervention=shared_a).update(
        then_text="worden overlast en vervuiling veel eerder gesignaleerd"
    )
    TheoryStep.objects.create(
        intervention=shared_a,
        position=2,
        if_text="overlast snel wordt aangepakt",
        then_text="stijgt de woontevredenheid",
    )
    new = save_version(shared_a, member_a, "Keten uitgebreid")
    client.force_login(member_a)
    response = client.get(diff_url(shared_a, old, new))
    assertContains(response, "Veronderstellingen (als-dan-keten)")
    assertContains(response, "<ins>veel </ins>eerder")
    assertContains(
        response, "<ins>\nAls overlast snel wordt aangepakt, dan stijgt de woontevredenheid</ins>"
    )


def test_diff_of_identical_versions_says_so(client, member_a, shared_a):
    old = Version.objects.get_for_object(shared_a).first()
    new = save_version(shared_a, member_a, "Niets veranderd")
    client.force_login(member_a)
    response = client.get(diff_url(shared_a, old, new))
    assertContains(response, "Deze versies hebben dezelfde tekst.")


def test_diff_without_two_versions_goes_back_with_a_message(client, member_a, shared_a):
    client.force_login(member_a)
    version = Version.objects.get_for_object(shared_a).first()
    url = reverse("interventions:diff", args=[shared_a.pk])
    for query in [
        "",
        f"?van={version.pk}",
        f"?van={version.pk}&naar={version.pk}",
        "?van=x&naar=1",
    ]:
        response = client.get(url + query, follow=True)
        assertRedirects(response, history_url(shared_a))
        assertContains(response, "Kies twee verschillende versies om te vergelijken.")


def test_diff_with_a_version_of_another_description_is_404(client, member_a, shared_a, internal_a):
    own = Version.objects.get_for_object(shared_a).first()
    other = Version.objects.get_for_object(internal_a).first()
    client.force_login(member_a)
    assert client.get(diff_url(shared_a, own, other)).status_code == 404


def test_restore_brings_back_the_old_text_as_a_new_version(client, member_a, shared_a):
    first = Version.objects.get_for_object(shared_a).first()
    save_version(shared_a, member_a, "Doel", main_goal="Een ander doel.")
    TheoryStep.objects.filter(intervention=shared_a).delete()
    save_version(shared_a, member_a, "Keten weg")
    client.force_login(member_a)
    response = client.post(restore_url(shared_a, first), follow=True)
    assertRedirects(response, shared_a.get_absolute_url())
    assertContains(response, "is teruggezet")
    shared_a.refresh_from_db()
    assert shared_a.main_goal == "Schone, veilige portieken en tevreden huurders."
    assert shared_a.theory_steps.count() == 1
    assert shared_a.is_published
    versions = Version.objects.get_for_object(shared_a)
    assert versions.count() == 4
    assert versions.first().revision.comment.startswith("De versie van")


def test_restore_is_post_only(client, member_a, shared_a):
    client.force_login(member_a)
    version = Version.objects.get_for_object(shared_a).first()
    assert client.get(restore_url(shared_a, version)).status_code == 405


def test_restore_needs_a_login(client, shared_a):
    version = Version.objects.get_for_object(shared_a).first()
    url = restore_url(shared_a, version)
    assertRedirects(client.post(url), f"{reverse('login')}?next={url}")


def test_other_partner_cannot_restore_a_shared_description(client, member_b, shared_a):
    version = Version.objects.get_for_object(shared_a).first()
    save_version(shared_a, shared_a.created_by, "Doel", main_goal="Een ander doel.")
    client.force_login(member_b)
    assert client.post(restore_url(shared_a, version)).status_code == 404
    shared_a.refresh_from_db()
    assert shared_a.main_goal == "Een ander doel."


def test_restore_with_a_version_of_another_description_is_404(
    client, member_a, shared_a, internal_a
):
    other = Version.objects.get_for_object(internal_a).first()
    client.force_login(member_a)
    assert client.post(restore_url(shared_a, other)).status_code == 404


def test_word_diff_escapes_and_marks_words():
    html = word_diff("een <b>oude</b> tekst", "een nieuwe tekst")
    assert html == "een <del>&lt;b&gt;oude&lt;/b&gt;</del><ins>nieuwe</ins> tekst"
    assert word_diff("", "nieuw") == "<ins>nieuw</ins>"
    assert word_diff("zelfde", "zelfde") == "zelfde"


def test_diff_names_vocabulary_and_choices_in_dutch(client, member_a, shared_a):
    old = Version.objects.get_for_object(shared_a).first()
    shared_a.themes.add(Theme.objects.get(slug="veiligheid"))
    new = save_version(shared_a, member_a, "Thema erbij", phase="afgerond")
    client.force_login(member_a)
    response = client.get(diff_url(shared_a, old, new))
    assertContains(response, "Thema&#x27;s")
    assertContains(response, "<del>Leefbaarheid</del><ins>Leefbaarheid, Veiligheid</ins>")
    assertContains(response, "<del>in uitvoering</del><ins>afgerond</ins>")


def test_history_queries_do_not_grow_with_versions(
    client, member_a, shared_a, django_assert_num_queries
):
    client.force_login(member_a)
    with django_assert_num_queries(HISTORY_QUERIES):
        assertContains(client.get(history_url(shared_a)), "Van versie 1")
    for number in range(2, 11):
        save_version(shared_a, member_a, f"Versie {number}", main_goal=f"Doel {number}")
    with django_assert_num_queries(HISTORY_QUERIES):
        assertContains(client.get(history_url(shared_a)), "Versie 9 terugzetten")
