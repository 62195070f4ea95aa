"""Formulas 11–15 (DOMAIN.md §6a): the worked examples, to the hundredth, and properties."""

import datetime
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitoring.calculations import (
    IMPROVED,
    NOT_MEASURED,
    UNCHANGED,
    WORSENED,
    EffectIndicator,
    EffectMeasurement,
    effect_result,
    effect_status,
    relative_change,
    target_attainment,
)

D = Decimal


def hundredths(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def day(year: int, month: int = 3) -> datetime.date:
    return datetime.date(year, month, 1)


SAFETY = EffectIndicator(
    direction="hoger",
    baseline=D("62.0"),
    baseline_date=day(2018),
    target=D("70.0"),
    measurements=(
        EffectMeasurement(day(2019), D("66.0")),
        EffectMeasurement(day(2020), D("68.5")),
    ),
)


def test_feeling_safe_worked_example():
    result = effect_result(SAFETY)
    assert result.latest.value == D("68.5")
    assert result.change == D("6.5")
    assert hundredths(result.relative_change) == D("10.48")
    assert hundredths(result.improvement) == D("10.48")
    assert result.status == IMPROVED
    assert hundredths(result.attainment) == D("81.25")
    assert result.net_change is None


def test_feeling_safe_with_the_city_as_comparison_area():
    indicator = replace(
        SAFETY,
        comparison_baseline=D("61.0"),
        measurements=(
            EffectMeasurement(day(2019), D("66.0"), D("62.0")),
            EffectMeasurement(day(2020), D("68.5"), D("63.0")),
        ),
    )
    result = effect_result(indicator)
    assert result.net_change == D("4.5")
    assert hundredths(result.net_improvement) == D("7.26")
    assert result.status == IMPROVED
    assert result.deciding_improvement == result.net_improvement


def test_nuisance_reports_worked_example_lower_is_better():
    indicator = EffectIndicator(
        direction="lager",
        baseline=D("120"),
        baseline_date=day(2018),
        target=D("80"),
        measurements=(EffectMeasurement(day(2020), D("95")),),
    )
    result = effect_result(indicator)
    assert result.change == D("-25")
    assert hundredths(result.relative_change) == D("-20.83")
    assert hundredths(result.improvement) == D("20.83")
    assert result.status == IMPROVED
    assert hundredths(result.attainment) == D("62.50")


def test_satisfaction_worked_example_stays_the_same():
    indicator = EffectIndicator(
        direction="hoger",
        baseline=D("6.8"),
        baseline_date=day(2018),
        measurements=(EffectMeasurement(day(2019), D("6.9")),),
    )
    result = effect_result(indicator)
    assert result.change == D("0.1")
    assert hundredths(result.improvement) == D("1.47")
    assert result.status == UNCHANGED
    assert result.attainment is None


def test_only_a_measurement_after_the_baseline_counts():
    indicator = replace(
        SAFETY,
        measurements=(EffectMeasurement(day(2018), D("90")), EffectMeasurement(day(2017), D("1"))),
    )
    assert effect_result(indicator).status == NOT_MEASURED
    assert effect_result(replace(SAFETY, baseline=None)).status == NOT_MEASURED
    assert effect_result(replace(SAFETY, measurements=())).status == NOT_MEASURED


def test_the_latest_is_the_last_by_date_not_by_order():
    indicator = replace(SAFETY, measurements=tuple(reversed(SAFETY.measurements)))
    assert effect_result(indicator).latest.value == D("68.5")


def test_undefined_formulas_say_so():
    assert relative_change(D(3), D(0)) is None
    assert target_attainment(D(3), D(5), D(5)) is None
    assert target_attainment(D(3), D(5), None) is None


def test_from_a_baseline_of_zero_the_direction_decides():
    indicator = EffectIndicator(
        direction="lager",
        baseline=D(0),
        baseline_date=day(2018),
        measurements=(EffectMeasurement(day(2019), D(4)),),
    )
    result = effect_result(indicator)
    assert result.improvement is None
    assert result.status == WORSENED


def test_the_status_thresholds_are_five_percent_either_way():
    assert effect_status(D(5)) == IMPROVED
    assert effect_status(D("4.99")) == UNCHANGED
    assert effect_status(D(-5)) == WORSENED
    assert effect_status(D("-4.99")) == UNCHANGED
    assert effect_status(None, measured=False) == NOT_MEASURED


values = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False)
non_zero = values.filter(lambda value: value != 0)
directions = st.sampled_from(["hoger", "lager"])


def _indicator(direction, baseline, latest, comparison=None) -> EffectIndicator:
    comparison_baseline, comparison_latest = comparison or (None, None)
    return EffectIndicator(
        direction=direction,
        baseline=baseline,
        baseline_date=day(2018),
        measurements=(EffectMeasurement(day(2020), latest, comparison_latest),),
        comparison_baseline=comparison_baseline,
    )


def _flipped(direction: str) -> str:
    return "lager" if direction == "hoger" else "hoger"


@given(direction=directions, baseline=non_zero, latest=values)
def test_flipping_the_direction_and_every_sign_gives_the_same_improvement(
    direction, baseline, latest
):
    result = effect_result(_indicator(direction, baseline, latest))
    mirrored = effect_result(_indicator(_flipped(direction), -baseline, -latest))
    assert mirrored.improvement == result.improvement
    assert mirrored.status == result.status


@given(direction=directions, baseline=non_zero, latest=values, area=values)
def test_a_comparison_area_that_does_not_move_leaves_the_change(direction, baseline, latest, area):
    result = effect_result(_indicator(direction, baseline, latest, (area, area)))
    assert result.net_change == result.change
    assert result.net_improvement == result.improvement
    assert result.status == effect_result(_indicator(direction, baseline, latest)).status


@given(direction=directions, baseline=values, latest=values)
def test_never_improved_for_a_change_in_the_wrong_direction(direction, baseline, latest):
    result = effect_result(_indicator(direction, baseline, latest))
    wrong_way = latest < baseline if direction == "hoger" else latest > baseline
    if wrong_way:
        assert result.status != IMPROVED
    if latest == baseline:
        assert result.status == UNCHANGED


@given(
    direction=directions,
    baseline=values,
    latest=values,
    area=st.tuples(values, values),
)
def test_never_improved_when_the_net_change_went_the_wrong_way(direction, baseline, latest, area):
    result = effect_result(_indicator(direction, baseline, latest, area))
    net = result.net_change
    if net < 0 if direction == "hoger" else net > 0:
        assert result.status != IMPROVED


@pytest.mark.parametrize(
    ("improvement", "status"), [(D("10.48"), IMPROVED), (D(0), UNCHANGED), (D(-6), WORSENED)]
)
def test_status_follows_the_improvement(improvement, status):
    assert effect_status(improvement) == status
