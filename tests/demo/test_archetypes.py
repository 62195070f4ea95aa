from django.db.models import Count, Q

from archetypes import choices
from archetypes.models import ActiveIngredient, Archetype, ArchetypeIntervention, Reference
from demo.archetypes import SYNTHESES, seed_archetypes
from monitoring.models import MonitoringPlan


def _counts() -> dict[str, int]:
    return {
        "archetypes": Archetype.objects.count(),
        "references": Reference.objects.count(),
        "ingredients": ActiveIngredient.objects.count(),
        "examples": ArchetypeIntervention.objects.count(),
    }


def test_seeding_twice_adds_nothing(seeded):
    assert f"{len(SYNTHESES)} new demo archetypes." in seeded
    before = _counts()

    assert seed_archetypes() == 0
    assert _counts() == before
    assert before["archetypes"] == len(SYNTHESES)


def test_the_named_archetypes_have_ingredients_references_and_examples(seeded):
    for title in ("Verkoop huurwoningen", "Sloop en nieuwbouw in aandachtswijken"):
        archetype = Archetype.objects.get(title=title)
        assert 3 <= archetype.active_ingredients.count() <= 6
        assert archetype.references.count() >= 2
        assert archetype.links.count() >= 3
        assert archetype.links.filter(is_exemplary=True).exists()
        assert archetype.verdict and archetype.mechanism and archetype.knowledge_gaps
    sales = Archetype.objects.get(slug="verkoop-huurwoningen")
    rigo = sales.references.get(authors="RIGO Research en Advies")
    assert "2,5 %" in rigo.finding
    assert rigo.ingredients.filter(is_essential=True).exists()
    restructuring = Archetype.objects.get(slug="sloop-en-nieuwbouw-in-aandachtswijken")
    authors = set(restructuring.references.values_list("authors", flat=True))
    assert "Wittebrood, K., & Van Dijk, T." in authors
    assert "Posthumus, H., Kleinhans, R., & Bolt, G." in authors


def test_every_archetype_is_complete(seeded):
    for archetype in Archetype.objects.annotate(
        ingredients=Count("active_ingredients", distinct=True),
        citations=Count("references", distinct=True),
        examples=Count("links", distinct=True),
    ):
        assert 3 <= archetype.ingredients <= 6, archetype
        assert archetype.citations >= 2, archetype
        assert archetype.examples >= 2, archetype
        # The examples are of the archetype's own type, or marked as variant or different.
        own = archetype.links.filter(intervention__intervention_types=archetype.intervention_type)
        assert own.filter(role=choices.ExampleRole.TYPICAL).count() >= 2, archetype
        assert (
            not archetype.links.exclude(pk__in=own)
            .filter(role=choices.ExampleRole.TYPICAL)
            .exists()
        )


def test_a_published_archetype_rests_on_three_plans_with_shared_monitoring(seeded):
    shared = MonitoringPlan.objects.shared().filter(
        total_cost__isnull=False, sroi_ratio__isnull=False
    )
    published = Archetype.objects.published().annotate(
        shared_plans=Count(
            "links__intervention__monitoring",
            filter=Q(links__intervention__monitoring__in=shared),
        )
    )
    assert max(published.values_list("shared_plans", flat=True)) >= 3
    assert (
        not MonitoringPlan.objects.filter(total_cost__isnull=True)
        .exclude(cost_lines__isnull=True)
        .exists()
    )


def test_three_archetypes_are_published_and_one_is_a_draft(seeded):
    published = Archetype.objects.published()
    assert published.count() >= 3
    assert not published.filter(published_at__isnull=True).exists()
    draft = Archetype.objects.get(status=choices.Status.CONCEPT)
    assert draft.published_at is None
