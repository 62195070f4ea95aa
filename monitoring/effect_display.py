"""What the pages, the PDFs and the xlsx show of the effect indicators: per intended effect its
indicators, each with its values, its status, its result in words and its chart.

Built from `PlanFigures.effects` of a plan read through `with_details()`: no queries. The
templates reach it through the `effect_groups` filter (templatetags/monitoring_effects.py).
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.utils.translation import gettext as _

from interventions.models import Effect
from monitoring import calculations, charts, choices
from monitoring.effect_words import effect_in_words
from monitoring.models import EffectFigures, EffectIndicator, EffectMeasurement


def unit_of(indicator: EffectIndicator) -> str:
    """The unit a value is shown with: "%" for a percentage without one."""
    if indicator.is_percentage and not indicator.unit:
        return "%"
    return indicator.unit


def course(indicator: EffectIndicator) -> charts.Course:
    """What the indicator's chart draws; the comparison area only when it is named."""
    measurements = list(indicator.measurements.all())
    baseline = None
    if indicator.baseline_value is not None:
        baseline = (indicator.baseline_date, indicator.baseline_value)
    comparison = []
    if indicator.comparison_area:
        if indicator.comparison_baseline is not None:
            comparison.append((indicator.baseline_date, indicator.comparison_baseline))
        comparison += [
            (item.date, item.comparison_value)
            for item in measurements
            if item.comparison_value is not None
            and (item.date != indicator.baseline_date or indicator.comparison_baseline is None)
        ]
    return charts.Course(
        unit=unit_of(indicator),
        is_percentage=indicator.is_percentage,
        baseline=baseline,
        measurements=tuple((item.date, item.value) for item in measurements),
        target=indicator.target_value,
        target_date=indicator.target_date,
        comparison_area=indicator.comparison_area,
        comparison=tuple(sorted(comparison)),
    )


@dataclass(frozen=True)
class IndicatorDisplay:
    """One effect indicator as shown: its fields, its result and what they read like."""

    indicator: EffectIndicator
    result: calculations.EffectResult

    @property
    def effect(self) -> Effect:
        return self.indicator.effect

    @property
    def status(self) -> str:
        """The status value (calculations.IMPROVED …); names the badge's CSS class."""
        return self.result.status

    @property
    def status_label(self) -> str:
        return str(choices.EffectStatus(self.result.status).label)

    @property
    def words(self) -> str:
        return effect_in_words(self.indicator, self.result)

    @property
    def is_standard(self) -> bool:
        return self.indicator.standard_id is not None

    @property
    def method_label(self) -> str:
        return self.indicator.get_method_display()

    @property
    def unit(self) -> str:
        return unit_of(self.indicator)

    def _text(self, value: Decimal | None) -> str:
        return "" if value is None else charts.format_measure(value, self.unit)

    @property
    def baseline_text(self) -> str:
        return self._text(self.indicator.baseline_value)

    @property
    def target_text(self) -> str:
        return self._text(self.indicator.target_value)

    @property
    def latest(self) -> EffectMeasurement | None:
        """The measurement the result is about (formula 11's "latest"), with its respondents
        and source."""
        if self.result.latest is None:
            return None
        day = self.result.latest.date
        return next(item for item in self.indicator.measurements.all() if item.date == day)

    @property
    def latest_text(self) -> str:
        return self._text(self.result.latest.value if self.result.latest else None)

    @property
    def has_comparison_area(self) -> bool:
        return bool(self.indicator.comparison_area)

    @property
    def comparison_baseline_text(self) -> str:
        return self._text(self.indicator.comparison_baseline)

    @property
    def comparison_latest_text(self) -> str:
        latest = self.result.latest
        return self._text(latest.comparison_value if latest else None)

    @cached_property
    def chart(self) -> charts.LineChart:
        title = _("%(indicator)s: the course of the measurements") % {
            "indicator": self.indicator.name
        }
        return charts.effect_line_chart(title, course(self.indicator))


@dataclass(frozen=True)
class EffectGroup:
    """An intended effect with the indicators that measure it."""

    effect: Effect
    indicators: list[IndicatorDisplay]


def indicator_displays(effects: list[EffectFigures]) -> list[IndicatorDisplay]:
    return [IndicatorDisplay(item.indicator, item.result) for item in effects]


def effect_groups(effects: list[EffectFigures]) -> list[EffectGroup]:
    """The indicators per intended effect, in the order given (by effect code)."""
    groups: dict[int, EffectGroup] = {}
    for display in indicator_displays(effects):
        effect = display.indicator.effect
        groups.setdefault(effect.pk, EffectGroup(effect, [])).indicators.append(display)
    return list(groups.values())
