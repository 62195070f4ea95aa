"""Charts as data: the geometry of the SVG charts on the monitoring pages and in the PDF.

Each bar chart function takes labels and `Decimal` values and returns a `Chart`, the line chart
of an effect indicator takes a `Course` and returns a `LineChart`; the templates in
`templates/includes/charts/` draw them without any arithmetic. Values stay `Decimal`; floats appear
only as SVG coordinates. Widths and heights are SVG user units; the page scales the drawing to
its column and WeasyPrint prints one unit as one CSS pixel (640 units fit an A4 text column).
"""

import datetime
import itertools
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext

from monitoring import effect_words

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


# Line charts: an effect indicator over time (DOMAIN.md §6a)

LINE_PLOT_HEIGHT = 160
LINE_AXIS_GAP = 6  # between the value labels and the plot
LINE_DATE_LABELS = 22  # the row of dates under the plot
# Points keep this far from the plot's sides, so a date label centred under one fits.
LINE_INSET = 34
LINE_TICKS = 4
LINE_SAMPLE = 24  # the length of a line in the legend
MARKER_SIZE = 4
GRID_COLOUR = "#d9d9d9"
BLUISH_GREEN = "#009e73"
# Line styles, so the series differ in more than colour.
DASHED = "6 4"
DOTTED = "2 3"
SHORT_DATE = "b Y"  # "mrt 2019"
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))

Dated = tuple[datetime.date, Decimal]


@dataclass(frozen=True)
class Course:
    """What the chart of one effect indicator shows, in the indicator's unit. `comparison`
    holds the comparison area's values by date, its baseline on the baseline's date."""

    unit: str = ""
    is_percentage: bool = False
    baseline: Dated | None = None
    measurements: tuple[Dated, ...] = ()
    target: Decimal | None = None
    target_date: datetime.date | None = None
    comparison_area: str = ""
    comparison: tuple[Dated, ...] = ()

    @property
    def points(self) -> list[Dated]:
        """Every dated value, of both lines."""
        return [*([self.baseline] if self.baseline else []), *self.measurements, *self.comparison]

    @property
    def values(self) -> list[Decimal]:
        targets = [] if self.target is None else [self.target]
        return [value for _, value in self.points] + targets

    @property
    def dates(self) -> list[datetime.date]:
        targets = [] if self.target_date is None else [self.target_date]
        return sorted({day for day, _ in self.points} | set(targets))

    @property
    def comparison_name(self) -> str:
        return gettext("Comparison area %(area)s") % {"area": self.comparison_area}


@dataclass(frozen=True)
class LinePoint:
    x: float
    y: float
    tooltip: str


@dataclass(frozen=True)
class Marker:
    """A point's marker as one SVG path, with its tooltip."""

    path: str
    fill: str
    stroke: str
    tooltip: str = ""


def _marker_path(shape: str, x: float, y: float, size: float = MARKER_SIZE) -> str:
    """A circle, square or diamond of about 2 × `size` around (x, y); nothing for "none"."""
    s = size
    if shape == "circle":
        return f"M {_px(x - s)} {y} a {s} {s} 0 1 0 {2 * s} 0 a {s} {s} 0 1 0 {-2 * s} 0 z"
    if shape == "square":
        return f"M {_px(x - s)} {_px(y - s)} h {2 * s} v {2 * s} h {-2 * s} z"
    if shape == "diamond":
        d = _px(s * 1.4)
        return f"M {x} {_px(y - d)} l {d} {d} l {-d} {d} l {-d} {-d} z"
    return ""


def _marker(shape: str, point: "LinePoint", colour: str, *, filled: bool, size=MARKER_SIZE):
    path = _marker_path(shape, point.x, point.y, size)
    return Marker(path, colour if filled else "#ffffff", colour, point.tooltip)


@dataclass(frozen=True)
class LineSeries:
    """One line with a marker on each point: the measurements (from the baseline on, whose
    own marker the chart draws) or the comparison area."""

    name: str
    series: str  # names the CSS class: measured, comparison
    colour: str
    dash: str  # stroke-dasharray; empty for a solid line
    marker: str  # circle or square
    is_filled: bool
    points: list[LinePoint]
    starts_at_baseline: bool = False

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.points)

    @property
    def has_line(self) -> bool:
        return len(self.points) > 1

    @property
    def markers(self) -> list[Marker]:
        points = self.points[1:] if self.starts_at_baseline else self.points
        return [
            _marker(self.marker, point, self.colour, filled=self.is_filled) for point in points
        ]


@dataclass(frozen=True)
class Tick:
    position: float  # the y of a value, the x of a date
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class LineLegendItem:
    label: str
    series: str
    colour: str
    dash: str
    marker: str  # circle, square, diamond or none
    is_filled: bool
    x1: float
    x2: float
    y: float
    text_x: float
    text_y: float
    has_line: bool

    @property
    def marker_path(self) -> str:
        return _marker_path(self.marker, _px((self.x1 + self.x2) / 2), self.y)

    @property
    def fill(self) -> str:
        return self.colour if self.is_filled else "#ffffff"


@dataclass(frozen=True)
class TableRow:
    label: str
    values: list[str]


@dataclass(frozen=True)
class LineChart:
    """Everything templates/includes/charts/line.html draws; empty without any value."""

    id: str
    title: str
    summary: str
    columns: list[str]  # headings of the screen-reader table
    table: list[TableRow] = field(default_factory=list)
    series: list[LineSeries] = field(default_factory=list)
    baseline: LinePoint | None = None
    target: Line | None = None
    target_point: LinePoint | None = None
    value_ticks: list[Tick] = field(default_factory=list)
    date_ticks: list[Tick] = field(default_factory=list)
    legend: list[LineLegendItem] = field(default_factory=list)
    unit_label: Tick | None = None
    plot: Line | None = None  # the plot's top left (x1, y1) and bottom right (x2, y2)
    width: int = WIDTH
    height: float = 0
    kind: str = "line"
    font_family: str = FONT_FAMILY
    font_size: int = FONT_SIZE
    text_colour: str = TEXT_COLOUR
    axis_colour: str = AXIS_COLOUR
    grid_colour: str = GRID_COLOUR
    target_colour: str = VERMILLION
    target_dash: str = DASHED

    @property
    def is_empty(self) -> bool:
        return self.plot is None

    @property
    def baseline_marker(self) -> Marker | None:
        if self.baseline is None:
            return None
        return _marker("square", self.baseline, BLUE, filled=True, size=MARKER_SIZE + 1)

    @property
    def target_marker(self) -> Marker | None:
        if self.target_point is None:
            return None
        return _marker("diamond", self.target_point, VERMILLION, filled=False)

    @property
    def date_tick_end(self) -> float:
        return _px(self.plot.y2 + 4)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def template_name(self) -> str:
        return f"includes/charts/{self.kind}.html"


@dataclass(frozen=True)
class _Frame:
    """The plot box with its scales: dates to x, values to y."""

    plot: Line
    first: datetime.date
    days: int
    low: Decimal
    high: Decimal

    def x(self, day: datetime.date) -> float:
        left, right = self.plot.x1 + LINE_INSET, self.plot.x2 - LINE_INSET
        if not self.days:
            return _px((left + right) / 2)
        return _px(left + (day - self.first).days / self.days * (right - left))

    def y(self, value: Decimal) -> float:
        share = float((value - self.low) / (self.high - self.low))
        return _px(self.plot.y2 - share * (self.plot.y2 - self.plot.y1))


def format_measure(value: Decimal | None, unit: str = "") -> str:
    """A measured value as the effect's words say it: "62 %", "6,85", "95 meldingen"."""
    if value is None:
        return NO_VALUE
    return f"{effect_words.number(value)} {unit}".strip()


def effect_line_chart(title: Label, course: Course, *, chart_id: str | None = None) -> LineChart:
    """An effect indicator over time: the baseline (nulmeting) as a square, the measurements as
    a solid line from it, the target as a dashed horizontal line (a diamond on its date) and the
    comparison area (vergelijkingsgebied) as a dotted line.

    Dates run left to right in proportion to the time between them; the value axis covers every
    value in round steps, within 0–100 for a percentage.
    """
    title = str(title)
    chart_id = chart_id or f"chart-{slugify(title)[:40]}-{next(_ids)}"
    columns = [gettext("Date"), gettext("Value")]
    if course.comparison:
        columns.append(course.comparison_name)
    chart = LineChart(chart_id, title, gettext("No data to show yet."), columns)
    if course.baseline is None and not course.measurements:
        return chart
    legend = _line_legend(course)
    ticks = _value_ticks(min(course.values), max(course.values), course.is_percentage)
    texts = [format_value(tick, "") for tick in ticks]
    top = legend[-1].y + SWATCH_SIZE / 2 + GAP + (FONT_SIZE + 16 if course.unit else GAP)
    left = PADDING + max(len(text) for text in texts) * VALUE_CHAR_WIDTH + LINE_AXIS_GAP
    plot = Line(_px(left), _px(top), WIDTH - PADDING, _px(top + LINE_PLOT_HEIGHT))
    dates = course.dates
    frame = _Frame(plot, dates[0], (dates[-1] - dates[0]).days, ticks[0], ticks[-1])
    series = _line_series(course, frame)
    return replace(
        chart,
        summary=_line_summary(course),
        table=_line_table(course),
        series=series,
        baseline=series[0].points[0] if course.baseline else None,
        **_target(course, frame),
        value_ticks=[
            Tick(frame.y(tick), text, _px(left - LINE_AXIS_GAP), _baseline(frame.y(tick)))
            for tick, text in zip(ticks, texts, strict=True)
        ],
        date_ticks=_date_ticks(dates, frame),
        legend=legend,
        unit_label=Tick(plot.y1, course.unit, PADDING, plot.y1 - 14) if course.unit else None,
        plot=plot,
        height=_px(plot.y2 + LINE_DATE_LABELS + PADDING),
    )


def _value_ticks(low: Decimal, high: Decimal, is_percentage: bool) -> list[Decimal]:
    """Round values from below `low` to above `high`, in steps of 1, 2, 2.5 or 5 times a power
    of ten, about LINE_TICKS of them. A single value gets room around it."""
    if low == high:
        room = abs(low) / 10 or Decimal(1)
        low, high = low - room, high + room
    raw = (high - low) / LINE_TICKS
    power = Decimal(10) ** raw.adjusted()
    step = next(step * power for step in NICE_STEPS if step * power >= raw)
    first = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    last = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    # A value on the edge would lie on the axis or the plot's top: one step more room.
    first -= step if first == low else 0
    last += step if last == high else 0
    if is_percentage:
        first, last = max(first, Decimal(0)), min(last, Decimal(100))
    return [first + index * step for index in range(int((last - first) / step) + 1)]


def _point(course: Course, frame: _Frame, name: str, day: datetime.date, value) -> LinePoint:
    tooltip = f"{name}, {date_format(day)}: {format_measure(value, course.unit)}"
    return LinePoint(frame.x(day), frame.y(value), tooltip)


def _line_series(course: Course, frame: _Frame) -> list[LineSeries]:
    """The measurements from the baseline on; the comparison area when it has values."""
    points = (
        [_point(course, frame, gettext("Baseline"), *course.baseline)] if course.baseline else []
    )
    points += [
        _point(course, frame, gettext("Measurement"), *item) for item in course.measurements
    ]
    measured = LineSeries(
        gettext("Measurements"),
        "measured",
        BLUE,
        "",
        "circle",
        True,
        points,
        bool(course.baseline),
    )
    if not course.comparison:
        return [measured]
    name = course.comparison_name
    compared = [_point(course, frame, name, *item) for item in course.comparison]
    return [
        measured,
        LineSeries(name, "comparison", BLUISH_GREEN, DOTTED, "square", False, compared),
    ]


def _target(course: Course, frame: _Frame) -> dict:
    if course.target is None:
        return {}
    y = frame.y(course.target)
    point = None
    if course.target_date is not None:
        point = _point(course, frame, gettext("Target"), course.target_date, course.target)
    return {"target": Line(frame.plot.x1, y, frame.plot.x2, y), "target_point": point}


def _date_ticks(dates: list[datetime.date], frame: _Frame) -> list[Tick]:
    """A short date ("mrt 2019") under each point, left out where it would touch the one
    before."""
    ticks, right_of_last = [], float("-inf")
    for day in dates:
        x, text = frame.x(day), date_format(day, SHORT_DATE)
        half = len(text) * LABEL_CHAR_WIDTH / 2
        if x - half < right_of_last + GAP:
            continue
        ticks.append(Tick(x, text, x, _px(frame.plot.y2 + LINE_DATE_LABELS - 6)))
        right_of_last = x + half
    return ticks


def _target_label(course: Course) -> str:
    words = {"value": format_measure(course.target, course.unit)}
    if course.target_date is None:
        return gettext("Target %(value)s") % words
    words["date"] = date_format(course.target_date, SHORT_DATE)
    return gettext("Target %(value)s in %(date)s") % words


def _line_legend(course: Course) -> list[LineLegendItem]:
    """A sample of each line and marker with its name, in as many rows above the plot as
    needed."""
    # (label, series, colour, dash, marker, filled, drawn as a line)
    items = [(gettext("Measurements"), "measured", BLUE, "", "circle", True, True)]
    if course.baseline:
        items.append((gettext("Baseline"), "baseline", BLUE, "", "square", True, False))
    if course.target is not None:
        marker = "none" if course.target_date is None else "diamond"
        items.append((_target_label(course), "target", VERMILLION, DASHED, marker, False, True))
    if course.comparison:
        name = course.comparison_name
        items.append((name, "comparison", BLUISH_GREEN, DOTTED, "square", False, True))
    legend, x, y = [], PADDING, PADDING + SWATCH_SIZE / 2
    for label, series, colour, dash, marker, filled, has_line in items:
        sample = LINE_SAMPLE if has_line else SWATCH_SIZE
        width = sample + 6 + len(label) * LABEL_CHAR_WIDTH
        if x > PADDING and x + width > WIDTH - PADDING:
            x, y = PADDING, y + LEGEND_HEIGHT - GAP
        item = LineLegendItem(
            label,
            series,
            colour,
            dash,
            marker,
            filled,
            x,
            x + sample,
            y,
            x + sample + 6,
            _baseline(y),
            has_line,
        )
        legend.append(item)
        x = _px(x + width + 16)
    return legend


def _line_table(course: Course) -> list[TableRow]:
    """The numbers of the drawing by date: the baseline, the measurements, then the target."""
    compared = dict(course.comparison)
    rows = []
    if course.baseline:
        day, value = course.baseline
        rows.append((f"{date_format(day)} ({gettext('baseline')})", day, value))
    rows += [(date_format(day), day, value) for day, value in course.measurements]
    table = []
    for label, day, value in rows:
        values = [format_measure(value, course.unit)]
        if compared:
            values.append(format_measure(compared.get(day), course.unit))
        table.append(TableRow(label, values))
    if course.target is not None:
        when = f" ({date_format(course.target_date)})" if course.target_date else ""
        values = [format_measure(course.target, course.unit)] + ([""] if compared else [])
        table.append(TableRow(f"{gettext('Target')}{when}", values))
    return table


def _line_summary(course: Course) -> str:
    """What the drawing shows, in sentences: for screen readers and on paper."""
    unit = course.unit
    parts = [gettext("No baseline measured yet.")]
    if course.baseline:
        day, value = course.baseline
        parts = [
            gettext("Baseline: %(value)s on %(date)s.")
            % {"value": format_measure(value, unit), "date": date_format(day)}
        ]
    if course.measurements:
        count = len(course.measurements)
        day, value = course.measurements[-1]
        words = {"count": count, "value": format_measure(value, unit), "date": date_format(day)}
        parts.append(
            ngettext(
                "One measurement: %(value)s on %(date)s.",
                "%(count)s measurements, the latest: %(value)s on %(date)s.",
                count,
            )
            % words
        )
    if course.target is not None:
        words = {"value": format_measure(course.target, unit)}
        if course.target_date is None:
            parts.append(gettext("Target: %(value)s.") % words)
        else:
            words["date"] = date_format(course.target_date)
            parts.append(gettext("Target: %(value)s by %(date)s.") % words)
    if len(course.comparison) > 1:
        parts.append(_comparison_summary(course))
    return " ".join(parts)


def _comparison_summary(course: Course) -> str:
    (first_day, first), (last_day, last) = course.comparison[0], course.comparison[-1]
    return gettext("%(area)s: %(first)s on %(first_date)s, %(last)s on %(last_date)s.") % {
        "area": course.comparison_name,
        "first": format_measure(first, course.unit),
        "first_date": date_format(first_day),
        "last": format_measure(last, course.unit),
        "last_date": date_format(last_day),
    }
