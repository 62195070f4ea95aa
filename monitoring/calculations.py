"""The monitoring formulas of DOMAIN.md §6 as pure functions.

Decimals and dataclasses in and out, no ORM. Percentages are given in percent
(``Decimal("20")`` is 20 %), the discount rate too (``Decimal("3.5")``). Nothing is rounded
here: every public function computes with ``PRECISION`` significant digits, so sums and
products of realistic figures are exact and only the discounting divisions are cut off, far
beyond the cent. Rounding is for display (`shown_ratio`).
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext

PRECISION = 100

ZERO = Decimal(0)
HUNDRED = Decimal(100)

INVESTMENT = "investering"
OPERATION = "exploitatie"
PERSONNEL = "personeel"
NEGATIVE_REVENUE = "negatief"
COST_GROUPS = (INVESTMENT, OPERATION, PERSONNEL, NEGATIVE_REVENUE)

SENSITIVITY_POINTS = Decimal(10)
SENSITIVITY_PROXY_PERCENT = Decimal(25)


@dataclass(frozen=True)
class CostItem:
    amount: Decimal
    group: str
    category: str
    bearer: str
    year: int = 1
    period: str = ""


@dataclass(frozen=True)
class Financing:
    funder: str
    kind: str
    committed: Decimal
    received: Decimal


@dataclass(frozen=True)
class ValuedOutcome:
    outcome: str
    beneficiary: str
    quantity: Decimal
    proxy: Decimal
    deadweight: Decimal
    displacement: Decimal
    attribution: Decimal
    drop_off: Decimal
    duration: int
    start_offset: int = 0


@dataclass(frozen=True)
class OutputValue:
    indicator: str
    unit: str
    period: str
    target: Decimal | None
    realised: Decimal | None


@dataclass(frozen=True)
class CostTotals:
    total: Decimal
    by_group: dict[str, Decimal]
    by_category: dict[str, Decimal]
    by_bearer: dict[str, Decimal]
    by_period: dict[str, Decimal]
    by_year: dict[int, Decimal]


@dataclass(frozen=True)
class OutputAttainment:
    indicator: str
    unit: str
    target: Decimal | None
    realised: Decimal | None
    realisation: Decimal | None


@dataclass(frozen=True)
class ActorBalance:
    actor: str
    pv_benefits: Decimal
    pv_costs: Decimal
    balance: Decimal


@dataclass(frozen=True)
class SroiResult:
    pv_benefits: Decimal
    pv_costs: Decimal
    npv: Decimal
    ratio: Decimal | None
    yearly_benefits: dict[int, Decimal]
    yearly_costs: dict[int, Decimal]
    by_actor: list[ActorBalance]
    payback_year: int | None


@dataclass(frozen=True)
class SensitivityRow:
    label: str
    step: str
    ratio_low: Decimal | None
    ratio_high: Decimal | None
    assumption: str = ""  # "deadweight", "attribution" or "proxy"
    subject: str = ""  # for a proxy: "<outcome> (<beneficiary>)"


@dataclass(frozen=True)
class Sensitivity:
    point: Decimal | None
    rows: list[SensitivityRow]
    lowest: Decimal | None
    highest: Decimal | None


def _precise[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """Run the formula with PRECISION significant digits, whatever the caller's context."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(prec=PRECISION):
            return func(*args, **kwargs)

    return wrapper


def actor_key(name: str) -> str:
    """Actor names compare case-insensitively and ignoring surrounding spaces."""
    return name.strip().casefold()


def _add(totals: dict, key, amount: Decimal) -> None:
    totals[key] = totals.get(key, ZERO) + amount


def _fraction_left(percent: Decimal) -> Decimal:
    """1 − percent / 100."""
    return 1 - percent / HUNDRED


# Costs, financing and outputs (formulas 1–3)


@_precise
def personnel_cost(hours: Decimal, rate: Decimal) -> Decimal:
    """Personnel cost = hours × hourly rate."""
    return hours * rate


def _totals_by_bearer(costs: Iterable[CostItem]) -> dict[str, Decimal]:
    names: dict[str, str] = {}
    totals: dict[str, Decimal] = {}
    for cost in costs:
        key = actor_key(cost.bearer)
        names.setdefault(key, cost.bearer.strip())
        _add(totals, key, cost.amount)
    return {names[key]: amount for key, amount in totals.items()}


@_precise
def cost_totals(costs: Iterable[CostItem]) -> CostTotals:
    """Total cost = Σ investering + Σ exploitatie + Σ personnel + Σ negatieve opbrengsten.

    Also the totals per group (all four, in COST_GROUPS order), per category, per bearer (first
    spelling kept), per period (in the order first seen) and per year (ascending). Raises
    ValueError for a group outside COST_GROUPS.
    """
    costs = tuple(costs)
    by_group = dict.fromkeys(COST_GROUPS, ZERO)
    by_category: dict[str, Decimal] = {}
    by_period: dict[str, Decimal] = {}
    by_year: dict[int, Decimal] = {}
    for cost in costs:
        if cost.group not in by_group:
            raise ValueError(f"Unknown cost group {cost.group!r}.")
        _add(by_group, cost.group, cost.amount)
        _add(by_category, cost.category, cost.amount)
        _add(by_period, cost.period, cost.amount)
        _add(by_year, cost.year, cost.amount)
    return CostTotals(
        total=sum(by_group.values(), ZERO),
        by_group=by_group,
        by_category=by_category,
        by_bearer=_totals_by_bearer(costs),
        by_period=by_period,
        by_year=dict(sorted(by_year.items())),
    )


@_precise
def own_share(total_cost: Decimal, financing: Iterable[Financing]) -> Decimal:
    """Own share = total cost − Σ financing received."""
    return total_cost - sum((item.received for item in financing), ZERO)


@_precise
def cost_per_unit(total_cost: Decimal, realised_output: Decimal | None) -> Decimal | None:
    """Cost per output unit = total cost / Σ realised output; None when the output is 0 or
    nothing was realised yet."""
    if not realised_output:
        return None
    return total_cost / realised_output


@_precise
def realisation(realised: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Realisation = realised / target × 100 %; None without a realised value or a target ≠ 0."""
    if realised is None or not target:
        return None
    return realised / target * HUNDRED


def _sum_known(values: list[Decimal | None]) -> Decimal | None:
    """The sum of the values given, None when none is."""
    known = [value for value in values if value is not None]
    return sum(known, ZERO) if known else None


@_precise
def output_attainment(values: Iterable[OutputValue]) -> list[OutputAttainment]:
    """Per indicator and unit (in the order first seen): Σ target, Σ realised, realisation %.

    A total is None when no period has a value for it.
    """
    grouped: dict[tuple[str, str], list[OutputValue]] = {}
    for value in values:
        grouped.setdefault((value.indicator, value.unit), []).append(value)
    attainments = []
    for (indicator, unit), rows in grouped.items():
        target = _sum_known([row.target for row in rows])
        realised = _sum_known([row.realised for row in rows])
        attainments.append(
            OutputAttainment(indicator, unit, target, realised, realisation(realised, target))
        )
    return attainments


# Valued outcomes and discounting (formulas 4–6)


@_precise
def first_year_value(outcome: ValuedOutcome) -> Decimal:
    """V_1 = Q × P × (1 − DW) × (1 − DISP) × (1 − ATT)."""
    return (
        outcome.quantity
        * outcome.proxy
        * _fraction_left(outcome.deadweight)
        * _fraction_left(outcome.displacement)
        * _fraction_left(outcome.attribution)
    )


@_precise
def outcome_value(outcome: ValuedOutcome, year: int) -> Decimal:
    """V_t = Q × P × (1 − DW) × (1 − DISP) × (1 − ATT) × (1 − DO)^(t − 1).

    t counts from the outcome's first year, plan year 1 + start offset; the value is zero
    outside plan years 1 + offset … duration + offset.
    """
    t = year - outcome.start_offset
    if not 1 <= t <= outcome.duration:
        return ZERO
    if t == 1:  # Decimal refuses 0 ** 0, which a drop-off of 100 % would ask for
        return first_year_value(outcome)
    return first_year_value(outcome) * _fraction_left(outcome.drop_off) ** (t - 1)


def _years(outcome: ValuedOutcome) -> range:
    return range(1 + outcome.start_offset, 1 + outcome.start_offset + outcome.duration)


@_precise
def yearly_benefits(outcomes: Iterable[ValuedOutcome]) -> dict[int, Decimal]:
    """Plan year → Σ_outcomes V_t, ascending, for the years within some outcome's duration."""
    yearly: dict[int, Decimal] = {}
    for outcome in outcomes:
        for year in _years(outcome):
            _add(yearly, year, outcome_value(outcome, year))
    return dict(sorted(yearly.items()))


def _discounted(amount: Decimal, rate: Decimal, exponent: int) -> Decimal:
    """amount / (1 + r)^exponent, with the rate given in percent."""
    if rate <= -HUNDRED:
        raise ValueError("A discount rate must be above −100 %.")
    return amount / (1 + rate / HUNDRED) ** exponent


@_precise
def present_value_of_benefits(yearly: dict[int, Decimal], rate: Decimal) -> Decimal:
    """PV = Σ_t B_t / (1 + r)^t."""
    return sum((_discounted(amount, rate, year) for year, amount in yearly.items()), ZERO)


@_precise
def present_value_of_costs(yearly: dict[int, Decimal], rate: Decimal) -> Decimal:
    """PVC = Σ_t C_t / (1 + r)^(t − 1): costs of the first year are not discounted."""
    return sum((_discounted(amount, rate, year - 1) for year, amount in yearly.items()), ZERO)


# Social return (formulas 7–9)


@_precise
def sroi_ratio(pv_benefits: Decimal, pv_costs: Decimal) -> Decimal | None:
    """SROI ratio = PV / PVC; None (undefined) when PVC = 0."""
    if pv_costs == 0:
        return None
    return pv_benefits / pv_costs


def shown_ratio(ratio: Decimal | None) -> Decimal | None:
    """The ratio as every page shows it: rounded once, half up, to two decimals (DOMAIN.md §7).

    Rounding a ratio that was rounded before can differ: 2.10496 is 2.10, but 2.1050 is 2.11.
    """
    if ratio is None:
        return None
    return ratio.quantize(Decimal("0.01"), ROUND_HALF_UP)


@_precise
def payback_year(
    benefits: dict[int, Decimal], costs: dict[int, Decimal], rate: Decimal
) -> int | None:
    """The first year T with Σ_{t≤T} B_t / (1 + r)^t ≥ Σ_{t≤T} C_t / (1 + r)^(t − 1).

    Only years where benefits or costs have values count; None if that never happens.
    """
    cumulative_benefits = cumulative_costs = ZERO
    for year in sorted(benefits.keys() | costs.keys()):
        cumulative_benefits += _discounted(benefits.get(year, ZERO), rate, year)
        cumulative_costs += _discounted(costs.get(year, ZERO), rate, year - 1)
        if cumulative_benefits >= cumulative_costs:
            return year
    return None


def _actor_balance(
    actor: str, outcomes: list[ValuedOutcome], costs: list[CostItem], rate: Decimal
) -> ActorBalance:
    benefits = present_value_of_benefits(yearly_benefits(outcomes), rate)
    borne = present_value_of_costs(cost_totals(costs).by_year, rate)
    return ActorBalance(actor, benefits, borne, benefits - borne)


@_precise
def actor_balances(
    outcomes: Iterable[ValuedOutcome], costs: Iterable[CostItem], rate: Decimal
) -> list[ActorBalance]:
    """Per actor: balance = PV of the benefits it receives − PV of the costs it bears.

    Sorted by actor; an actor keeps the first spelling seen (beneficiaries before bearers).
    """
    names: dict[str, str] = {}
    received: dict[str, list[ValuedOutcome]] = {}
    borne: dict[str, list[CostItem]] = {}
    for outcome in outcomes:
        key = actor_key(outcome.beneficiary)
        names.setdefault(key, outcome.beneficiary.strip())
        received.setdefault(key, []).append(outcome)
    for cost in costs:
        key = actor_key(cost.bearer)
        names.setdefault(key, cost.bearer.strip())
        borne.setdefault(key, []).append(cost)
    return [
        _actor_balance(names[key], received.get(key, []), borne.get(key, []), rate)
        for key in sorted(names)
    ]


@_precise
def sroi(
    outcomes: Iterable[ValuedOutcome], costs: Iterable[CostItem], rate: Decimal
) -> SroiResult:
    """PV, PVC, NPV = PV − PVC, ratio = PV / PVC (None when PVC = 0), per actor, payback."""
    outcomes, costs = tuple(outcomes), tuple(costs)
    benefits = yearly_benefits(outcomes)
    yearly_costs = cost_totals(costs).by_year
    pv_benefits = present_value_of_benefits(benefits, rate)
    pv_costs = present_value_of_costs(yearly_costs, rate)
    return SroiResult(
        pv_benefits=pv_benefits,
        pv_costs=pv_costs,
        npv=pv_benefits - pv_costs,
        ratio=sroi_ratio(pv_benefits, pv_costs),
        yearly_benefits=benefits,
        yearly_costs=yearly_costs,
        by_actor=actor_balances(outcomes, costs, rate),
        payback_year=payback_year(benefits, yearly_costs, rate),
    )


# Sensitivity (formula 10)


def _clamp(percent: Decimal) -> Decimal:
    return min(max(percent, ZERO), HUNDRED)


def _row(
    label: str, step: str, ratios: list[Decimal | None], *, assumption: str, subject: str = ""
) -> SensitivityRow:
    """A row with the lower and the higher of the two recomputed ratios."""
    low, high = (None, None) if None in ratios else (min(ratios), max(ratios))
    return SensitivityRow(label, step, low, high, assumption=assumption, subject=subject)


def _shifted(outcomes: tuple, field: str, points: Decimal) -> tuple[ValuedOutcome, ...]:
    """Every outcome with the percentage `field` moved by `points`, kept within 0–100."""
    return tuple(
        replace(outcome, **{field: _clamp(getattr(outcome, field) + points)})
        for outcome in outcomes
    )


def _with_proxy(outcomes: tuple, index: int, factor: Decimal) -> tuple[ValuedOutcome, ...]:
    """The outcomes with the proxy of outcome `index` multiplied by `factor`."""
    changed = replace(outcomes[index], proxy=outcomes[index].proxy * factor)
    return (*outcomes[:index], changed, *outcomes[index + 1 :])


def _sensitivity_rows(
    outcomes: tuple, ratio_of: Callable, points: Decimal, proxy_percent: Decimal
) -> list[SensitivityRow]:
    rows = []
    for name in ("deadweight", "attribution"):
        ratios = [ratio_of(_shifted(outcomes, name, delta)) for delta in (-points, points)]
        rows.append(_row(name, f"±{points} pp", ratios, assumption=name))
    factors = (1 - proxy_percent / HUNDRED, 1 + proxy_percent / HUNDRED)
    for index, outcome in enumerate(outcomes):
        subject = f"{outcome.outcome} ({outcome.beneficiary})"
        ratios = [ratio_of(_with_proxy(outcomes, index, factor)) for factor in factors]
        step = f"±{proxy_percent} %"
        rows.append(_row(f"proxy:{subject}", step, ratios, assumption="proxy", subject=subject))
    return rows


@_precise
def sensitivity(
    outcomes: Iterable[ValuedOutcome],
    costs: Iterable[CostItem],
    rate: Decimal,
    *,
    points: Decimal = SENSITIVITY_POINTS,
    proxy_percent: Decimal = SENSITIVITY_PROXY_PERCENT,
) -> Sensitivity:
    """The SROI ratio with deadweight and attribution of all outcomes each ± `points` percentage
    points (kept within 0–100) and each outcome's proxy ± `proxy_percent` %, next to the point
    ratio. Each row holds the lower and the higher of its two ratios (None when undefined).
    """
    outcomes = tuple(outcomes)
    pv_costs = present_value_of_costs(cost_totals(costs).by_year, rate)

    def ratio_of(variant: tuple[ValuedOutcome, ...]) -> Decimal | None:
        return sroi_ratio(present_value_of_benefits(yearly_benefits(variant), rate), pv_costs)

    rows = _sensitivity_rows(outcomes, ratio_of, points, proxy_percent)
    ratios = [r for row in rows for r in (row.ratio_low, row.ratio_high) if r is not None]
    return Sensitivity(
        point=ratio_of(outcomes),
        rows=rows,
        lowest=min(ratios, default=None),
        highest=max(ratios, default=None),
    )


# Effects: did it work? (formulas 11–15, DOMAIN.md §6a)

HIGHER_IS_BETTER = "hoger"
LOWER_IS_BETTER = "lager"
IMPROVED = "verbeterd"
UNCHANGED = "gelijk"
WORSENED = "verslechterd"
NOT_MEASURED = "niet_gemeten"
# An improvement of at least this many percent either way is a change (formula 13).
STATUS_THRESHOLD = Decimal(5)


@dataclass(frozen=True)
class EffectMeasurement:
    date: object  # datetime.date
    value: Decimal
    comparison_value: Decimal | None = None


@dataclass(frozen=True)
class EffectIndicator:
    direction: str
    baseline: Decimal | None
    baseline_date: object | None  # datetime.date
    target: Decimal | None = None
    measurements: tuple[EffectMeasurement, ...] = ()
    comparison_baseline: Decimal | None = None


@dataclass(frozen=True)
class EffectResult:
    """What the measurements say. Percentages in percent; None where a formula is undefined.

    `net_change` and `net_improvement` are set when the comparison area has a value at the
    baseline and at the latest measurement; the status then follows the net improvement.
    """

    status: str
    latest: EffectMeasurement | None = None
    change: Decimal | None = None
    relative_change: Decimal | None = None
    improvement: Decimal | None = None
    attainment: Decimal | None = None
    net_change: Decimal | None = None
    net_improvement: Decimal | None = None

    @property
    def is_measured(self) -> bool:
        return self.status != NOT_MEASURED

    @property
    def has_comparison(self) -> bool:
        return self.net_change is not None

    @property
    def deciding_improvement(self) -> Decimal | None:
        """The improvement the status follows: net where a comparison area was measured."""
        return self.net_improvement if self.has_comparison else self.improvement


def _sign(direction: str) -> int:
    if direction not in (HIGHER_IS_BETTER, LOWER_IS_BETTER):
        raise ValueError(f"Unknown direction: {direction!r}")
    return 1 if direction == HIGHER_IS_BETTER else -1


@_precise
def effect_change(baseline: Decimal, latest: Decimal) -> Decimal:
    """Formula 11: Δ = latest − baseline."""
    return latest - baseline


@_precise
def relative_change(change: Decimal, baseline: Decimal) -> Decimal | None:
    """Formula 11: Δ / |baseline| in percent; undefined when the baseline is 0."""
    if baseline == 0:
        return None
    return change / abs(baseline) * HUNDRED


@_precise
def improvement(relative: Decimal | None, direction: str) -> Decimal | None:
    """Formula 12: s × relative change; positive is better, whatever the direction."""
    if relative is None:
        return None
    return _sign(direction) * relative


def effect_status(
    improvement_percent: Decimal | None,
    *,
    change: Decimal | None = None,
    direction: str = HIGHER_IS_BETTER,
    measured: bool = True,
) -> str:
    """Formula 13: verbeterd from +5 %, verslechterd from −5 %, otherwise gelijk gebleven;
    "nog niet gemeten" without a measurement after the baseline.

    With a baseline of 0 the relative change is undefined; any change away from 0 is then
    infinitely large, so its direction alone decides.
    """
    if not measured:
        return NOT_MEASURED
    if improvement_percent is None:
        if change is None or change == 0:
            return UNCHANGED
        return IMPROVED if _sign(direction) * change > 0 else WORSENED
    if improvement_percent >= STATUS_THRESHOLD:
        return IMPROVED
    if improvement_percent <= -STATUS_THRESHOLD:
        return WORSENED
    return UNCHANGED


@_precise
def target_attainment(
    change: Decimal, baseline: Decimal, target: Decimal | None
) -> Decimal | None:
    """Formula 14: Δ / (target − baseline) × 100 %; undefined without a target or when the
    target equals the baseline."""
    if target is None or target == baseline:
        return None
    return change / (target - baseline) * HUNDRED


@_precise
def net_change(
    change: Decimal, comparison_baseline: Decimal, comparison_latest: Decimal
) -> Decimal:
    """Formula 15: Δ − (comparison latest − comparison baseline)."""
    return change - (comparison_latest - comparison_baseline)


@_precise
def net_improvement(net: Decimal, baseline: Decimal, direction: str) -> Decimal | None:
    """Formula 15: s × net change / |baseline| in percent; undefined when the baseline is 0."""
    return improvement(relative_change(net, baseline), direction)


def latest_measurement(indicator: EffectIndicator) -> EffectMeasurement | None:
    """The last measurement after the baseline date (formula 11's "latest")."""
    if indicator.baseline is None or indicator.baseline_date is None:
        return None
    after = [item for item in indicator.measurements if item.date > indicator.baseline_date]
    return max(after, key=lambda item: item.date, default=None)


@_precise
def effect_result(indicator: EffectIndicator) -> EffectResult:
    """Formulas 11–15 for one indicator."""
    latest = latest_measurement(indicator)
    if latest is None:
        return EffectResult(status=NOT_MEASURED)
    baseline, direction = indicator.baseline, indicator.direction
    change = effect_change(baseline, latest.value)
    relative = relative_change(change, baseline)
    better = improvement(relative, direction)
    net = net_better = None
    if indicator.comparison_baseline is not None and latest.comparison_value is not None:
        net = net_change(change, indicator.comparison_baseline, latest.comparison_value)
        net_better = net_improvement(net, baseline, direction)
    deciding_change, deciding = (net, net_better) if net is not None else (change, better)
    return EffectResult(
        status=effect_status(deciding, change=deciding_change, direction=direction),
        latest=latest,
        change=change,
        relative_change=relative,
        improvement=better,
        attainment=target_attainment(change, baseline, indicator.target),
        net_change=net,
        net_improvement=net_better,
    )
