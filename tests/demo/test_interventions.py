"""The demo descriptions of seed_demo: many, varied, versioned, and loaded only once."""

from io import StringIO

from django.core.management import call_command
from django.db.models import Count
from reversion.models import Version

from demo import interventions as demo
from interventions.models import Intervention, InterventionType
from wwidw.models import Organisation


def test_demo_has_sixty_descriptions_of_every_type_and_partner(seeded):
    descriptions = Intervention.objects.all()

    assert descriptions.count() >= 60
    assert not InterventionType.objects.filter(interventions=None).exists()
    assert Organisation.objects.filter(interventions=None).count() == 0
    assert Organisation.objects.count() == 17
    assert descriptions.filter(theory_steps__isnull=True).count() == 0
    assert descriptions.filter(municipality="Rotterdam", neighbourhood="Oude Westen").exists()


def test_demo_mixes_statuses_and_sharing(seeded):
    statuses = dict(Intervention.objects.values_list("status").annotate(n=Count("pk")).order_by())
    published = Intervention.objects.published()
    shared = published.filter(visibility=Intervention.Visibility.PARTNERS).count()

    assert set(statuses) == set(Intervention.Status.values)
    assert statuses[Intervention.Status.PUBLISHED] > statuses[Intervention.Status.CONCEPT]
    assert 0.4 < shared / published.count() < 0.6
    assert published.filter(completeness=100).count() == published.count()
    assert not Intervention.objects.filter(search_vector__isnull=True).exists()
    assert Intervention.objects.search("huurachterstand").exists()


def test_demo_descriptions_have_versions_by_colleagues(seeded):
    intervention = Intervention.objects.get(
        title=demo.plans()[0].title, organisation__slug=demo.plans()[0].organisation
    )
    versions = Version.objects.get_for_object(intervention)

    assert versions.count() >= 4
    authors = {version.revision.user for version in versions}
    assert len(authors) == 2
    assert all(
        author.memberships.filter(organisation=intervention.organisation) for author in authors
    )
    assert intervention.authors.count() == 2
    assert versions.last().field_dict["summary"] == intervention.summary


def test_second_run_changes_nothing(seeded):
    before = list(Intervention.objects.order_by("pk").values_list("pk", "updated_at", "revision"))
    versions = Version.objects.count()
    out = StringIO()

    call_command("seed_demo", stdout=out)

    after = list(Intervention.objects.order_by("pk").values_list("pk", "updated_at", "revision"))
    assert after == before
    assert Version.objects.count() == versions
    assert "0 new demo descriptions" in out.getvalue()
