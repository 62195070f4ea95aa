"""The starter library of standard indicators (monitoring migration 0011)."""

import importlib
from decimal import Decimal

from django.apps import apps

from interventions.models import Effect
from monitoring.models import StandardIndicator
from tests.factories import EffectIndicatorFactory

library = importlib.import_module("monitoring.migrations.0011_standard_indicator_library")


def test_the_library_is_there_after_migrating(db):
    assert StandardIndicator.objects.count() == len(library.INDICATORS)
    leefbaarometer = StandardIndicator.objects.get(
        effect__code="LB.03", name="Leefbaarometer-score"
    )
    assert (leefbaarometer.scale, leefbaarometer.direction, leefbaarometer.method) == (
        "score",
        "hoger",
        "leefbaarometer",
    )
    assert "Leefbaarometer 3.0" in leefbaarometer.source
    safe = StandardIndicator.objects.get(effect__code="VE.03")
    assert safe.name == "% bewoners dat zich veilig voelt in de buurt"
    assert (safe.scale, safe.method) == ("procent", "enquete")
    overlast = StandardIndicator.objects.get(effect__code="VE.01")
    assert (overlast.scale, overlast.direction, overlast.method) == (
        "aantal",
        "lager",
        "registratie",
    )
    assert StandardIndicator.objects.get(effect__code="VE.02").method == "politiecijfers"


def test_every_effect_of_the_list_has_a_standard_indicator(db):
    without = Effect.objects.filter(standard_indicators__isnull=True)
    assert without.count() == 0
    assert all(item.explanation and item.source for item in StandardIndicator.objects.all())


def test_every_row_passes_the_models_rules(db):
    for item in StandardIndicator.objects.select_related("effect"):
        item.full_clean()


def test_running_it_again_keeps_what_the_programme_staff_changed(db):
    mark = StandardIndicator.objects.get(effect__code="BE.04")
    mark.source = "Eigen klantonderzoek"
    mark.save()

    library.add_library(apps, None)

    assert StandardIndicator.objects.count() == len(library.INDICATORS)
    mark.refresh_from_db()
    assert mark.source == "Eigen klantonderzoek"


def test_going_back_removes_only_what_no_indicator_uses(db):
    used = StandardIndicator.objects.get(effect__code="VE.03")
    EffectIndicatorFactory(standard=used, baseline_value=Decimal("62.0"))
    own = StandardIndicator.objects.create(
        effect=Effect.objects.get(code="VE.03"), name="Eigen vraag", method="enquete"
    )

    library.remove_unused(apps, None)

    assert set(StandardIndicator.objects.all()) == {used, own}
