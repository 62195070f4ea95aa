"""Charts as data: the geometry of the SVG bar charts on the monitoring pages and in the PDF.

Each function takes labels and `Decimal` values and returns a `Chart` that the templates in
`templates/includes/charts/` draw without any arithmetic. Values stay `Decimal`; floats appear
only as SVG coordinates. Widths and heights are SVG user units; the page scales the drawing to
its column and WeasyPrint prints one unit as one CSS pixel (640 units fit an A4 text column).
"""

import itertools
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext

WIDTH = 640
PADDING = 8
GAP = 8
FONT_FAMILY = "DejaVu Sans, sans-serif"
FONT_SIZE = 12
# Text is not measured: these are generous advances of one DejaVu Sans character at FONT_SIZE
# (digits are 0.64 em wide), which size the label and value columns.
LABEL_CHAR_WIDTH = 7.2
VALUE_CHAR_WIDTH = 7.7
LABEL_CHARS = 28
BAR_HEIGHT = 18
ROW_HEIGHT = 28
PAIR_BAR_HEIGHT = 14
PAIR_BAR_SPACING = 16
PAIR_ROW_HEIGHT = 42
LEGEND_HEIGHT = 24
SWATCH_SIZE = 12

# Okabe–Ito colours: told apart with every common colour-vision deficiency, and each at least
# 3:1 against white. A target is a light bar with a blue outline, a realised value solid blue.
TEXT_COLOUR = "#1a1a1a"
AXIS_COLOUR = "#595959"
BLUE = "#0072b2"
LIGHT_BLUE = "#d5e8f4"
VERMILLION = "#d55e00"
NO_VALUE = "–"
MINUS = "−"

_ids = itertools.count(1)

Label = str | Promise


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str
    series: str  # names the CSS class: amount, target, realised, positive, negative


@dataclass(frozen=True)
class ValueText:
    text: str
    y: float


@dataclass(frozen=True)
class Row:
    label: str  # as drawn, shortened to LABEL_CHARS
    full_label: str
    tooltip: str
    label_y: float
    bars: list[Bar]
    values: list[ValueText]  # one per column of the table after the label


@dataclass(frozen=True)
class LegendItem:
    label: str
    fill: str
    stroke: str
    series: str
    x: float
    y: float
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Chart:
    """Everything a chart template draws; `rows` is empty when there is nothing to draw."""

    id: str
    kind: str
    title: str
    summary: str
    columns: list[str]  # headings of the screen-reader table: the label, then each value
    rows: list[Row] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    axis: Line | None = None
    width: int = WIDTH
    height: float = 0
    label_x: float = 0
    plot_x: float = 0
    plot_width: float = 0
    value_x: float = 0
    font_family: str = FONT_FAMILY
    font_size: int = FONT_SIZE
    swatch_size: int = SWATCH_SIZE
    text_colour: str = TEXT_COLOUR
    axis_colour: str = AXIS_COLOUR

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def template_name(self) -> str:
        return f"includes/charts/{self.kind}.html"


@dataclass(frozen=True)
class _Columns:
    label_x: float
    plot_x: float
    plot_width: float
    value_x: float


def bar_chart(
    title: Label,
    rows: list[tuple[Label, Decimal]],
    *,
    unit: str = "€",
    label_heading: Label | None = None,
    value_heading: Label | None = None,
    chart_id: str | None = None,
) -> Chart:
    """One horizontal bar per row, in the given order (costs per category or per financier).

    Values are zero or more; the largest fills the plot width.
    """
    if any(value < 0 for _, value in rows):
        raise ValueError("A bar chart shows values of zero or more.")
    base = _base(
        "bar", title, chart_id, [label_heading or gettext("Name"), value_heading or _heading(unit)]
    )
    largest = max((value for _, value in rows), default=Decimal(0))
    if not largest:
        return base
    labels = [str(label) for label, _ in rows]
    texts = [format_value(value, unit) for _, value in rows]
    columns = _columns(labels, texts)
    chart_rows = []
    for index, (label, (_, value), text) in enumerate(zip(labels, rows, texts, strict=True)):
        top = PADDING + index * ROW_HEIGHT
        width = _length(value, largest, columns.plot_width)
        bar = Bar(columns.plot_x, top, width, BAR_HEIGHT, BLUE, "none", "amount")
        centre = top + BAR_HEIGHT / 2
        chart_rows.append(_row(label, f"{label}: {text}", centre, [bar], [(text, centre)]))
    summary = _bar_summary(labels, rows, unit)
    return _drawn(base, columns, chart_rows, top=PADDING, row_height=ROW_HEIGHT, summary=summary)


def paired_bar_chart(
    title: Label,
    groups: list[tuple[Label, Decimal | None, Decimal | None]],
    *,
    first_label: Label,
    second_label: Label,
    unit: str = "",
    label_heading: Label | None = None,
    chart_id: str | None = None,
) -> Chart:
    """Per group (a period) two bars, one above the other: first (target) and second (realised).

    A missing value draws no bar and reads "–". The largest value fills the plot width.
    """
    values = [value for _, *pair in groups for value in pair if value is not None]
    if any(value < 0 for value in values):
        raise ValueError("A paired bar chart shows values of zero or more.")
    first_label, second_label = str(first_label), str(second_label)
    headings = [label_heading or gettext("Period"), first_label, second_label]
    base = _base("paired_bar", title, chart_id, headings)
    largest = max(values, default=Decimal(0))
    if not largest:
        return base
    pairs = [(str(label), [first, second]) for label, first, second in groups]
    texts = [_maybe_value(value, unit) for _, pair in pairs for value in pair]
    columns = _columns([label for label, _ in pairs], texts)
    top = PADDING + LEGEND_HEIGHT
    series = [(first_label, LIGHT_BLUE, BLUE, "target"), (second_label, BLUE, "none", "realised")]
    chart_rows = [
        _paired_row(label, pair, series, top + index * PAIR_ROW_HEIGHT, columns, largest, unit)
        for index, (label, pair) in enumerate(pairs)
    ]
    chart = _drawn(
        base,
        columns,
        chart_rows,
        top=top,
        row_height=PAIR_ROW_HEIGHT,
        bars_height=PAIR_BAR_SPACING + PAIR_BAR_HEIGHT,
        summary=_paired_summary(groups, first_label, second_label, unit),
    )
    return _with_legend(chart, series)


def diverging_bar_chart(
    title: Label,
    rows: list[tuple[Label, Decimal]],
    *,
    unit: str = "€",
    label_heading: Label | None = None,
    value_heading: Label | None = None,
    chart_id: str | None = None,
) -> Chart:
    """Per actor one bar from a zero line: left when negative (it invests more than it gains),
    right when positive. One scale for both sides: the longest bar reaches its edge of the plot.
    """
    headings = [label_heading or gettext("Actor"), value_heading or gettext("Balance")]
    base = _base("diverging_bar", title, chart_id, headings)
    most_gained = max((value for _, value in rows if value > 0), default=Decimal(0))
    most_invested = max((-value for _, value in rows if value < 0), default=Decimal(0))
    if not most_gained and not most_invested:
        return base
    labels = [str(label) for label, _ in rows]
    texts = [format_signed(value, unit) for _, value in rows]
    columns = _columns(labels, texts)
    span = most_gained + most_invested
    zero_x = _px(columns.plot_x + _length(most_invested, span, columns.plot_width))
    chart_rows = []
    for index, (label, (_, value), text) in enumerate(zip(labels, rows, texts, strict=True)):
        top = PADDING + LEGEND_HEIGHT + index * ROW_HEIGHT
        bar = _diverging_bar(value, span, zero_x, top, columns.plot_width)
        centre = top + BAR_HEIGHT / 2
        chart_rows.append(_row(label, f"{label}: {text}", centre, [bar], [(text, centre)]))
    chart = _drawn(
        base,
        columns,
        chart_rows,
        top=PADDING + LEGEND_HEIGHT,
        row_height=ROW_HEIGHT,
        summary=_diverging_summary(labels, rows, unit),
        axis_x=zero_x,
    )
    series = [
        (gettext("Gains more than it invests"), BLUE, "none", "positive"),
        (gettext("Invests more than it gains"), VERMILLION, "none", "negative"),
    ]
    return _with_legend(chart, series)


def format_value(value: Decimal, unit: str = "€") -> str:
    """Dutch (the active language's) notation: euros without cents, other units with up to
    two decimals as needed; "€ 65.520", "12,5 uur"."""
    places = 0 if unit == "€" else min(2, max(0, -value.normalize().as_tuple().exponent))
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    number = number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)
    if unit == "€":
        return f"€ {number}"
    return f"{number} {unit}".strip()


def format_signed(value: Decimal, unit: str = "€") -> str:
    """A balance with its sign: "+ € 44.603", "− € 32.790", "€ 0"."""
    text = format_value(abs(value), unit)
    if format_value(Decimal(0), unit) == text:
        return text
    return f"+ {text}" if value > 0 else f"{MINUS} {text}"


def _maybe_value(value: Decimal | None, unit: str) -> str:
    return NO_VALUE if value is None else format_value(value, unit)


def _heading(unit: str) -> str:
    return gettext("Amount") if unit == "€" else gettext("Value")


def _base(kind: str, title: Label, chart_id: str | None, columns: list[Label]) -> Chart:
    """The chart without rows: what an empty chart shows."""
    title = str(title)
    chart_id = chart_id or f"chart-{slugify(title)[:40]}-{next(_ids)}"
    summary = gettext("No data to show yet.")
    return Chart(chart_id, kind, title, summary, [str(column) for column in columns])


def _truncate(label: str) -> str:
    if len(label) <= LABEL_CHARS:
        return label
    return label[: LABEL_CHARS - 1].rstrip() + "…"


def _px(number: float) -> float:
    return round(number, 2)


def _length(value: Decimal, largest: Decimal, plot_width: float) -> float:
    return _px(float(value / largest) * plot_width)


def _baseline(centre: float) -> float:
    """The y of a text's baseline that centres it on `centre` (no dominant-baseline in PDFs)."""
    return _px(centre + FONT_SIZE * 0.35)


def _columns(labels: list[str], texts: list[str]) -> _Columns:
    """Labels right-aligned on the left, the plot in the middle, values right-aligned on the
    right; the columns are as wide as their longest text."""
    label_x = PADDING + max(len(_truncate(label)) for label in labels) * LABEL_CHAR_WIDTH
    value_x = WIDTH - PADDING
    plot_x = label_x + GAP
    plot_width = value_x - max(len(text) for text in texts) * VALUE_CHAR_WIDTH - GAP - plot_x
    return _Columns(_px(label_x), _px(plot_x), _px(plot_width), _px(value_x))


def _row(
    label: str, tooltip: str, centre: float, bars: list[Bar], values: list[tuple[str, float]]
) -> Row:
    texts = [ValueText(text, _baseline(y)) for text, y in values]
    return Row(_truncate(label), label, tooltip, _baseline(centre), bars, texts)


def _paired_row(
    label: str,
    pair: list[Decimal | None],
    series: list[tuple[str, str, str, str]],
    top: float,
    columns: _Columns,
    largest: Decimal,
    unit: str,
) -> Row:
    bars, values, parts = [], [], []
    for index, (value, (name, fill, stroke, css_series)) in enumerate(
        zip(pair, series, strict=True)
    ):
        y = top + index * PAIR_BAR_SPACING
        text = _maybe_value(value, unit)
        values.append((text, y + PAIR_BAR_HEIGHT / 2))
        parts.append(f"{name} {text}")
        if value is not None:
            width = _length(value, largest, columns.plot_width)
            bars.append(Bar(columns.plot_x, y, width, PAIR_BAR_HEIGHT, fill, stroke, css_series))
    centre = top + (PAIR_BAR_SPACING + PAIR_BAR_HEIGHT) / 2
    return _row(label, f"{label}: {', '.join(parts)}", centre, bars, values)


def _diverging_bar(
    value: Decimal, span: Decimal, zero_x: float, top: float, plot_width: float
) -> Bar:
    width = _length(abs(value), span, plot_width)
    if value < 0:
        return Bar(_px(zero_x - width), top, width, BAR_HEIGHT, VERMILLION, "none", "negative")
    return Bar(zero_x, top, width, BAR_HEIGHT, BLUE, "none", "positive")


def _drawn(
    base: Chart,
    columns: _Columns,
    rows: list[Row],
    *,
    top: float,
    row_height: float,
    summary: str,
    bars_height: float = BAR_HEIGHT,
    axis_x: float | None = None,
) -> Chart:
    """The chart with its rows, the axis (or zero line) along them and its height."""
    bottom = top + (len(rows) - 1) * row_height + bars_height
    x = columns.plot_x if axis_x is None else axis_x
    return Chart(
        base.id,
        base.kind,
        base.title,
        summary,
        base.columns,
        rows=rows,
        axis=Line(x, _px(top - 4), x, _px(bottom + 4)),
        height=_px(bottom + PADDING),
        label_x=columns.label_x,
        plot_x=columns.plot_x,
        plot_width=columns.plot_width,
        value_x=columns.value_x,
    )


def _with_legend(chart: Chart, series: list[tuple[str, str, str, str]]) -> Chart:
    """Swatches with their names above the plot, for the series the chart shows."""
    shown = {bar.series for row in chart.rows for bar in row.bars}
    legend, x = [], PADDING
    for label, fill, stroke, name in series:
        if name not in shown:
            continue
        text_x = x + SWATCH_SIZE + 4
        y = PADDING + (LEGEND_HEIGHT - GAP - SWATCH_SIZE) / 2
        text_y = _baseline(y + SWATCH_SIZE / 2)
        legend.append(LegendItem(label, fill, stroke, name, x, _px(y), text_x, text_y))
        x = _px(text_x + len(label) * LABEL_CHAR_WIDTH + 16)
    return replace(chart, legend=legend)


def _bar_summary(labels: list[str], rows: list[tuple[Label, Decimal]], unit: str) -> str:
    values = [value for _, value in rows]
    highest = values.index(max(values))
    parts = [
        gettext("Highest: %(label)s, %(value)s.")
        % {"label": labels[highest], "value": format_value(values[highest], unit)}
    ]
    if len(rows) > 1:
        lowest = values.index(min(values))
        parts.append(
            gettext("Lowest: %(label)s, %(value)s.")
            % {"label": labels[lowest], "value": format_value(values[lowest], unit)}
        )
        parts.append(gettext("Total: %(total)s.") % {"total": format_value(sum(values), unit)})
    return " ".join(parts)


def _paired_summary(
    groups: list[tuple[Label, Decimal | None, Decimal | None]],
    first_label: str,
    second_label: str,
    unit: str,
) -> str:
    totals = []
    for index in (1, 2):
        present = [group[index] for group in groups if group[index] is not None]
        totals.append(format_value(sum(present), unit) if present else NO_VALUE)
    return gettext(
        "%(first)s in total: %(first_total)s. %(second)s in total: %(second_total)s."
    ) % {
        "first": first_label,
        "first_total": totals[0],
        "second": second_label,
        "second_total": totals[1],
    }


def _diverging_summary(labels: list[str], rows: list[tuple[Label, Decimal]], unit: str) -> str:
    values = [value for _, value in rows]
    parts = []
    if max(values) > 0:
        index = values.index(max(values))
        parts.append(
            gettext("Largest net gain: %(label)s, %(value)s.")
            % {"label": labels[index], "value": format_signed(values[index], unit)}
        )
    if min(values) < 0:
        index = values.index(min(values))
        parts.append(
            gettext("Largest net contribution: %(label)s, %(value)s.")
            % {"label": labels[index], "value": format_signed(values[index], unit)}
        )
    return " ".join(parts)
