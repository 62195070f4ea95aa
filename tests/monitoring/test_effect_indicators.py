"""Effect indicators on the plan: the figures kept at save, and the result in words."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from monitoring.effect_words import effect_in_words
from monitoring.models import EffectIndicator, MonitoringPlan
from tests.factories import (
    EffectIndicatorFactory,
    EffectMeasurementFactory,
    MonitoringPlanFactory,
    store_figures,
)

pytestmark = pytest.mark.django_db
D = Decimal


def _safety_plan(*, comparison: bool = False) -> MonitoringPlan:
    plan = MonitoringPlanFactory()
    indicator = EffectIndicatorFactory(
        plan=plan,
        comparison_area="Rotterdam" if comparison else "",
        comparison_baseline=D("61.0") if comparison else None,
    )
    EffectMeasurementFactory(
        indicator=indicator,
        date=datetime.date(2019, 3, 1),
        value=D("66.0"),
        comparison_value=D("62.0") if comparison else None,
    )
    EffectMeasurementFactory(
        indicator=indicator,
        date=datetime.date(2020, 3, 1),
        value=D("68.5"),
        comparison_value=D("63.0") if comparison else None,
    )
    return plan


def test_a_save_keeps_status_improvement_and_latest_date():
    plan = store_figures(_safety_plan())
    indicator = plan.effect_indicators.get()
    assert indicator.status == "verbeterd"
    assert indicator.improvement == D("10.4839")
    assert indicator.latest_date == datetime.date(2020, 3, 1)


def test_with_a_comparison_area_the_kept_improvement_is_net():
    plan = store_figures(_safety_plan(comparison=True))
    assert plan.effect_indicators.get().improvement == D("7.2581")


def test_the_result_in_dutch_words():
    plan = MonitoringPlan.objects.with_details().get(pk=_safety_plan(comparison=True).pk)
    effect = plan.figures().effects[0]
    with translation.override("nl"):
        words = effect_in_words(effect.indicator, effect.result)
    assert words.startswith("6,5 procentpunt beter dan de nulmeting; 81 % van het doel")
    assert "netto 4,5 procentpunt beter dan het vergelijkingsgebied" in words


def test_a_count_in_words_names_its_unit_and_relative_improvement():
    indicator = EffectIndicatorFactory(
        scale="aantal",
        unit="meldingen",
        direction="lager",
        baseline_value=D(120),
        target_value=D(80),
    )
    EffectMeasurementFactory(indicator=indicator, date=datetime.date(2020, 3, 1), value=D(95))
    with translation.override("nl"):
        words = effect_in_words(indicator, indicator.result())
    assert words == "25 meldingen beter dan de nulmeting (+20,8 %); 63 % van het doel"


def test_not_measured_yet_in_words():
    indicator = EffectIndicatorFactory()
    with translation.override("nl"):
        assert effect_in_words(indicator, indicator.result()) == "nog niet gemeten"


def test_the_database_refuses_a_target_equal_to_the_baseline():
    with pytest.raises(IntegrityError), transaction.atomic():
        EffectIndicatorFactory(baseline_value=D(62), target_value=D(62))


def test_the_database_refuses_a_percentage_above_100():
    with pytest.raises(IntegrityError), transaction.atomic():
        EffectIndicatorFactory(baseline_value=D(101))
    EffectIndicatorFactory(scale="aantal", unit="meldingen", baseline_value=D(101))
    assert EffectIndicator.objects.count() == 1
