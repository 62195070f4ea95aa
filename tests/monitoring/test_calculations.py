from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring.calculations import (
    PRECISION,
    CostItem,
    Financing,
    OutputValue,
    ValuedOutcome,
    actor_key,
    cost_per_unit,
    cost_totals,
    outcome_value,
    output_attainment,
    own_share,
    payback_year,
    personnel_cost,
    present_value_of_benefits,
    present_value_of_costs,
    realisation,
    sensitivity,
    sroi,
    yearly_benefits,
)

D = Decimal
RATE = D("3.5")
CENT = D("0.01")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def outcome(**fields) -> ValuedOutcome:
    values = {
        "outcome": "woongenot",
        "beneficiary": "bewoners",
        "quantity": D(10),
        "proxy": D(100),
        "deadweight": D(0),
        "displacement": D(0),
        "attribution": D(0),
        "drop_off": D(0),
        "duration": 1,
    }
    return ValuedOutcome(**(values | fields))


def cost(amount: str, **fields) -> CostItem:
    values = {"group": "exploitatie", "category": "materiaal", "bearer": "corporatie"}
    return CostItem(amount=D(amount), **(values | fields))


# The worked example of DOMAIN.md §6: "Huismeester portiekflats"


def example_costs() -> list[CostItem]:
    """The costs, borne 80 % by the corporation and 20 % by the municipality."""
    personnel = personnel_cost(D(1560), D(42))
    lines = [
        (personnel, "personeel", "personeel"),
        (D(5000), "exploitatie", "materiaal"),
        (personnel * D("0.10"), "exploitatie", "overhead"),
    ]
    return [
        CostItem(amount * share, group, category, bearer)
        for amount, group, category in lines
        for bearer, share in (("corporatie", D("0.8")), ("gemeente", D("0.2")))
    ]


def example_outcomes() -> list[ValuedOutcome]:
    rows = [
        ("minder vandalismeherstel", "corporatie", 40, 250, 20, 0, 10, 0, 1),
        ("voorkomen ontruimingen", "corporatie", 3, 3000, 30, 0, 40, 0, 1),
        ("voorkomen ontruimingen", "gemeente", 3, 3000, 30, 0, 40, 0, 1),
        ("woongenot", "bewoners", 600, 60, 25, 5, 20, 25, 3),
        ("minder verhuizingen", "corporatie", 6, 2500, 30, 0, 20, 25, 3),
    ]
    return [
        ValuedOutcome(name, actor, D(q), D(p), D(dw), D(disp), D(att), D(do), years)
        for name, actor, q, p, dw, disp, att, do, years in rows
    ]


def test_worked_example_costs_to_the_cent():
    assert cents(personnel_cost(D(1560), D(42))) == D("65520.00")
    totals = cost_totals(example_costs())
    assert cents(totals.total) == D("77072.00")
    assert cents(totals.by_group["personeel"]) == D("65520.00")
    assert cents(totals.by_group["exploitatie"]) == D("11552.00")
    assert cents(totals.by_category["overhead"]) == D("6552.00")
    assert {bearer: cents(amount) for bearer, amount in totals.by_bearer.items()} == {
        "corporatie": D("61657.60"),
        "gemeente": D("15414.40"),
    }
    assert totals.by_year == {1: totals.total}


def test_worked_example_yearly_values_to_the_cent():
    yearly = yearly_benefits(example_outcomes())
    assert {year: cents(value) for year, value in yearly.items()} == {
        1: D("43680.00"),
        2: D("21690.00"),
        3: D("16267.50"),
    }


def test_worked_example_sroi_to_the_cent():
    result = sroi(example_outcomes(), example_costs(), RATE)
    assert cents(result.pv_benefits) == D("77123.10")
    assert cents(result.pv_costs) == D("77072.00")
    assert result.ratio.quantize(D("0.0001"), rounding=ROUND_HALF_UP) == D("1.0007")
    assert cents(result.npv) == D("51.10")
    assert result.payback_year == 3


def test_worked_example_per_actor_to_the_cent():
    result = sroi(example_outcomes(), example_costs(), RATE)
    balances = [
        (row.actor, cents(row.pv_benefits), cents(row.pv_costs), cents(row.balance))
        for row in result.by_actor
    ]
    assert balances == [
        ("bewoners", D("44603.49"), D("0.00"), D("44603.49")),
        ("corporatie", D("28867.43"), D("61657.60"), D("-32790.17")),
        ("gemeente", D("3652.17"), D("15414.40"), D("-11762.23")),
    ]


def test_worked_example_sensitivity_brackets_the_point_ratio():
    result = sensitivity(example_outcomes(), example_costs(), RATE)
    four = D("0.0001")
    assert result.point.quantize(four) == D("1.0007")
    labels = [row.label for row in result.rows]
    assert labels[:2] == ["deadweight", "attribution"]
    assert labels[5] == "proxy:woongenot (bewoners)"
    assert len(labels) == 7
    deadweight = result.rows[0]
    # Deadweight 10–35 % becomes 0–25 % and 20–45 %: V_1 scales by (1 − DW ∓ 0.10) / (1 − DW).
    assert deadweight.step == "±10 pp"
    assert (deadweight.ratio_low.quantize(four), deadweight.ratio_high.quantize(four)) == (
        D("0.8648"),
        D("1.1365"),
    )
    woongenot = result.rows[5]
    assert (woongenot.assumption, woongenot.subject) == ("proxy", "woongenot (bewoners)")
    assert woongenot.step == "±25 %"
    assert (result.lowest, result.highest) == (woongenot.ratio_low, woongenot.ratio_high)


# Costs, financing and outputs


def test_cost_totals_keep_all_four_groups_even_when_empty():
    totals = cost_totals([])
    assert totals.total == 0
    assert totals.by_group == {
        "investering": 0,
        "exploitatie": 0,
        "personeel": 0,
        "negatief": 0,
    }
    assert totals.by_bearer == totals.by_year == totals.by_period == {}


def test_negative_revenue_adds_to_the_total_cost():
    totals = cost_totals([cost("100.00"), cost("25.50", group="negatief", category="huurderving")])
    assert totals.total == D("125.50")
    assert totals.by_group["negatief"] == D("25.50")


def test_unknown_cost_group_is_refused():
    with pytest.raises(ValueError, match="onbekend"):
        cost_totals([cost("1.00", group="onbekend")])


def test_bearers_compare_case_insensitively_and_keep_the_first_spelling():
    totals = cost_totals(
        [cost("1.00", bearer=" Gemeente "), cost("2.00", bearer="gemeente"), cost("4.00")]
    )
    assert totals.by_bearer == {"Gemeente": D("3.00"), "corporatie": D("4.00")}
    assert actor_key("  GEMEENTE ") == actor_key("gemeente")


def test_cost_totals_per_period_and_year():
    totals = cost_totals(
        [
            cost("10.00", period="2026-Q2", year=1),
            cost("20.00", period="2026-Q1", year=2),
            cost("30.00", period="2026-Q2", year=1),
        ]
    )
    assert list(totals.by_period.items()) == [("2026-Q2", D("40.00")), ("2026-Q1", D("20.00"))]
    assert list(totals.by_year.items()) == [(1, D("40.00")), (2, D("20.00"))]


def test_huge_amounts_stay_exact():
    trillion = D("1000000000000.01")
    totals = cost_totals([cost(str(trillion))] * 3 + [cost("0.02", group="personeel")])
    assert totals.total == D("3000000000000.05")
    assert personnel_cost(D("999999999.99"), D("1000.01")) == D("1000009999989.9999")
    huge = outcome(
        quantity=D(1),
        proxy=trillion,
        deadweight=D("33.33"),
        displacement=D("0.01"),
        attribution=D("12.34"),
        drop_off=D("7.77"),
        duration=10,
    )
    left = [Fraction(1) - Fraction(p) / 100 for p in ("33.33", "0.01", "12.34")]
    expected = Fraction(trillion) * left[0] * left[1] * left[2] * Fraction("0.9223") ** 9
    assert Fraction(outcome_value(huge, 10)) == expected


def test_own_share_subtracts_what_was_received_not_what_was_committed():
    financing = [
        Financing("gemeente", "gemeentelijk wijkbudget", D("10000.00"), D("7500.00")),
        Financing("fonds", "fonds", D("5000.00"), D("0.00")),
    ]
    assert own_share(D("77072.00"), financing) == D("69572.00")
    assert own_share(D("100.00"), []) == D("100.00")


def test_cost_per_unit():
    assert cost_per_unit(D("77072.00"), D(40)) == D("1926.8")
    assert cost_per_unit(D("77072.00"), D(0)) is None
    assert cost_per_unit(D("0.00"), D("0.00")) is None


def test_realisation_in_percent():
    assert realisation(D(30), D(40)) == D(75)
    assert realisation(D(50), D(40)) == D(125)
    assert realisation(D(0), D(40)) == 0
    assert realisation(D(30), D(0)) is None
    assert realisation(D(30), None) is None
    assert realisation(None, D(40)) is None


def test_output_attainment_sums_the_periods_per_indicator():
    values = [
        OutputValue("gesprekken", "aantal", "2026-Q1", D(20), D(15)),
        OutputValue("schouwen", "aantal", "2026-Q1", D(0), None),
        OutputValue("gesprekken", "aantal", "2026-Q2", D(20), D(25)),
        OutputValue("gesprekken", "aantal", "2026-Q3", None, D(10)),
    ]
    first, second = output_attainment(values)
    assert (first.indicator, first.unit) == ("gesprekken", "aantal")
    assert (first.target, first.realised, first.realisation) == (D(40), D(50), D(125))
    assert (second.indicator, second.target, second.realised) == ("schouwen", D(0), None)
    assert second.realisation is None
    assert output_attainment([]) == []


# Valued outcomes, discounting and the ratio


def test_outcome_value_drops_off_each_year_and_stops_after_its_duration():
    line = outcome(quantity=D(2), proxy=D(50), deadweight=D(10), drop_off=D(20), duration=3)
    values = [outcome_value(line, year) for year in range(0, 5)]
    assert values == [0, D(90), D(72), D("57.6"), 0]


def test_start_offset_shifts_the_years_of_an_outcome():
    line = outcome(drop_off=D(50), duration=2, start_offset=2)
    assert [outcome_value(line, year) for year in range(1, 6)] == [0, 0, D(1000), D(500), 0]
    assert yearly_benefits([line]) == {3: D(1000), 4: D(500)}


def test_drop_off_of_100_percent_leaves_only_the_first_year():
    line = outcome(drop_off=D(100), duration=3)
    assert [outcome_value(line, year) for year in (1, 2, 3)] == [D(1000), 0, 0]
    assert yearly_benefits([line]) == {1: D(1000), 2: 0, 3: 0}


def test_full_deadweight_attribution_or_displacement_leaves_nothing():
    for field in ("deadweight", "attribution", "displacement"):
        assert outcome_value(outcome(**{field: D(100)}), 1) == 0


def test_yearly_benefits_add_outcomes_of_the_same_year():
    lines = [outcome(duration=2), outcome(proxy=D(1), start_offset=1)]
    assert yearly_benefits(lines) == {1: D(1000), 2: D(1010)}
    assert yearly_benefits([]) == {}


def test_benefits_are_discounted_from_year_one_and_costs_from_year_two():
    yearly = {1: D("105.00"), 2: D("110.25")}
    assert present_value_of_benefits(yearly, D(5)) == D(200)
    assert present_value_of_costs(yearly, D(5)) == D("210.00")
    assert present_value_of_benefits(yearly, D(0)) == D("215.25")


def test_a_discount_rate_of_minus_100_percent_is_refused():
    with pytest.raises(ValueError):
        present_value_of_costs({2: D(1)}, D(-100))


def test_zero_investment_gives_no_ratio_and_no_division_error():
    result = sroi([outcome()], [], RATE)
    assert result.ratio is None
    assert result.pv_costs == 0
    assert result.npv == result.pv_benefits
    zero_costs = sroi([outcome()], [cost("0.00")], RATE)
    assert zero_costs.ratio is None
    assert sensitivity([outcome()], [], RATE).point is None


def test_sensitivity_without_costs_has_no_ratios():
    result = sensitivity([outcome()], [], RATE)
    assert all(row.ratio_low is None and row.ratio_high is None for row in result.rows)
    assert (result.lowest, result.highest) == (None, None)


def test_sensitivity_clamps_percentages_to_0_and_100():
    result = sensitivity([outcome(deadweight=D(95))], [cost("1000.00")], D(0))
    deadweight = result.rows[0]
    # 95 − 10 = 85 % deadweight gives 150, 95 + 10 is held at 100 % and gives 0.
    assert (deadweight.ratio_low, deadweight.ratio_high) == (0, D("0.15"))
    attribution = result.rows[1]
    # Attribution 0 − 10 is held at 0 %: the high ratio is the point ratio.
    assert attribution.ratio_high == result.point == D("0.05")
    assert attribution.ratio_low == D("0.045")


def test_sensitivity_step_sizes_can_be_chosen():
    result = sensitivity(
        [outcome(deadweight=D(50))], [cost("1000.00")], D(0), points=D(20), proxy_percent=D(50)
    )
    assert [row.step for row in result.rows] == ["±20 pp", "±20 pp", "±50 %"]
    assert (result.rows[0].ratio_low, result.rows[0].ratio_high) == (D("0.3"), D("0.7"))
    assert (result.rows[2].ratio_low, result.rows[2].ratio_high) == (D("0.25"), D("0.75"))


def test_actors_merge_across_spellings_and_are_sorted():
    lines = [outcome(beneficiary=" Bewoners"), outcome(beneficiary="corporatie")]
    costs = [cost("500.00", bearer="BEWONERS"), cost("100.00", bearer="Gemeente")]
    result = sroi(lines, costs, D(0))
    balances = [(row.actor, row.pv_benefits, row.pv_costs) for row in result.by_actor]
    assert balances == [
        ("Bewoners", D(1000), D("500.00")),
        ("corporatie", D(1000), 0),
        ("Gemeente", 0, D("100.00")),
    ]


def test_payback_year():
    assert payback_year({1: D(50), 2: D(60)}, {1: D(100)}, D(0)) == 2
    assert payback_year({1: D(150)}, {1: D(100)}, D(0)) == 1
    assert payback_year({1: D(50), 2: D(50)}, {1: D(100)}, D(10)) is None
    assert payback_year({}, {}, RATE) is None
    # The first year counts, even when later costs push the balance below zero again.
    assert payback_year({1: D(10), 3: D(100)}, {2: D(50)}, D(0)) == 1
    assert payback_year({2: D(10), 3: D(100)}, {1: D(50)}, D(0)) == 3


# Properties

percentages = st.decimals(
    min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False
)
amounts = st.decimals(
    min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False
)
positive_amounts = st.decimals(
    min_value=D("0.01"), max_value=10**9, places=2, allow_nan=False, allow_infinity=False
)
rates = st.decimals(min_value=0, max_value=20, places=2, allow_nan=False, allow_infinity=False)
names = st.sampled_from(["corporatie", "Gemeente", " gemeente", "bewoners", "zorg"])

valued_outcomes = st.builds(
    ValuedOutcome,
    outcome=st.sampled_from(["woongenot", "minder overlast"]),
    beneficiary=names,
    quantity=st.decimals(min_value=0, max_value=10**4, places=2, allow_nan=False),
    proxy=st.decimals(min_value=0, max_value=10**5, places=2, allow_nan=False),
    deadweight=percentages,
    displacement=percentages,
    attribution=percentages,
    drop_off=percentages,
    duration=st.integers(min_value=1, max_value=10),
    start_offset=st.integers(min_value=0, max_value=5),
)
outcome_lists = st.lists(valued_outcomes, max_size=5)
cost_items = st.builds(
    CostItem,
    amount=amounts,
    group=st.sampled_from(["investering", "exploitatie", "personeel", "negatief"]),
    category=st.sampled_from(["bouw", "materiaal", "overhead", "huurderving"]),
    bearer=names,
    year=st.integers(min_value=1, max_value=8),
    period=st.sampled_from(["", "2026-Q1", "2026-Q2", "2027"]),
)
paid_costs = st.lists(cost_items, min_size=1, max_size=8).filter(
    lambda items: any(item.amount for item in items)
)
no_deadline = settings(deadline=None)


def exact_sum(values) -> Decimal:
    """A sum with the precision of the calculations, not the default 28 digits."""
    with localcontext(prec=PRECISION):
        return sum(values, D(0))


def pv(outcomes, rate) -> Decimal:
    return present_value_of_benefits(yearly_benefits(outcomes), rate)


@no_deadline
@given(
    outcomes=outcome_lists.filter(bool),
    data=st.data(),
    field=st.sampled_from(["deadweight", "displacement", "attribution", "drop_off"]),
    more=percentages,
    rate=rates,
)
def test_more_deadweight_attribution_displacement_or_drop_off_never_raises_pv(
    outcomes, data, field, more, rate
):
    index = data.draw(st.integers(min_value=0, max_value=len(outcomes) - 1))
    raised = min(getattr(outcomes[index], field) + more, D(100))
    changed = [*outcomes]
    changed[index] = replace(outcomes[index], **{field: raised})
    assert pv(changed, rate) <= pv(outcomes, rate)


@no_deadline
@given(outcomes=outcome_lists, rate=rates, more=rates)
def test_a_higher_discount_rate_never_raises_pv(outcomes, rate, more):
    assert pv(outcomes, rate + more) <= pv(outcomes, rate)


@no_deadline
@given(outcomes=outcome_lists, rate=rates)
def test_pv_is_at_most_the_undiscounted_sum(outcomes, rate):
    assert pv(outcomes, rate) <= exact_sum(yearly_benefits(outcomes).values())


@no_deadline
@given(outcomes=outcome_lists, costs=paid_costs, rate=rates)
def test_ratio_times_pv_of_costs_is_pv(outcomes, costs, rate):
    result = sroi(outcomes, costs, rate)
    assert result.ratio is not None
    assert abs(result.ratio * result.pv_costs - result.pv_benefits) <= D("1e-20") * max(
        1, result.pv_benefits
    )
    with localcontext(prec=PRECISION):
        assert result.npv == result.pv_benefits - result.pv_costs


@no_deadline
@given(outcomes=outcome_lists, costs=st.lists(cost_items, max_size=5), rate=rates)
def test_zero_costs_give_no_ratio_for_any_outcomes(outcomes, costs, rate):
    free = [replace(item, amount=D("0.00")) for item in costs]
    assert sroi(outcomes, free, rate).ratio is None
    assert sensitivity(outcomes, free, rate).point is None


@no_deadline
@given(outcomes=outcome_lists, costs=st.lists(cost_items, max_size=8), rate=rates)
def test_actor_balances_add_up_to_the_npv(outcomes, costs, rate):
    result = sroi(outcomes, costs, rate)
    total = exact_sum(row.balance for row in result.by_actor)
    assert abs(total - result.npv) <= D("1e-20") * max(1, result.pv_benefits, result.pv_costs)


@given(costs=st.lists(cost_items, max_size=12))
def test_cost_totals_per_group_bearer_period_and_year_sum_to_the_total(costs):
    totals = cost_totals(costs)
    assert totals.total == exact_sum(item.amount for item in costs)
    for breakdown in (totals.by_group, totals.by_bearer, totals.by_period, totals.by_year):
        assert exact_sum(breakdown.values()) == totals.total


@no_deadline
@given(outcomes=outcome_lists, costs=paid_costs, rate=rates)
def test_sensitivity_brackets_the_point_ratio_for_deadweight_and_attribution(
    outcomes, costs, rate
):
    result = sensitivity(outcomes, costs, rate)
    for row in result.rows[:2]:
        assert row.ratio_low <= result.point <= row.ratio_high
    assert result.lowest <= result.point <= result.highest


@no_deadline
@given(line=valued_outcomes, year=st.integers(min_value=0, max_value=16))
def test_outcome_value_is_exact(line, year):
    t = year - line.start_offset
    expected = Fraction(0)
    if 1 <= t <= line.duration:
        expected = Fraction(line.quantity) * Fraction(line.proxy)
        for percent in (line.deadweight, line.displacement, line.attribution):
            expected *= 1 - Fraction(percent) / 100
        expected *= (1 - Fraction(line.drop_off) / 100) ** (t - 1)
    assert Fraction(outcome_value(line, year)) == expected
