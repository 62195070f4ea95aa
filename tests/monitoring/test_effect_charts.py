"""The line chart of an effect indicator: its geometry, its words and its drawing."""

import datetime
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from monitoring.charts import LINE_INSET, Course, effect_line_chart, format_measure
from wwidw.pdf import html_to_pdf

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal
MARCH = [datetime.date(year, 3, 1) for year in range(2018, 2026)]
# DOMAIN.md §6a, the first worked example: % feeling safe, with the city as comparison area.
SAFETY = Course(
    unit="%",
    is_percentage=True,
    baseline=(MARCH[0], D("62.0")),
    measurements=((MARCH[1], D("66.0")), (MARCH[2], D("68.5"))),
    target=D("70.0"),
    target_date=MARCH[3],
    comparison_area="Rotterdam",
    comparison=((MARCH[0], D("61.0")), (MARCH[2], D("63.0"))),
)


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def render(chart) -> ET.Element:
    """The chart's HTML as XML: it fails to parse unless it is well-formed."""
    return ET.fromstring(render_to_string(chart.template_name, {"chart": chart}))


def texts(figure: ET.Element, css_class: str) -> list[str]:
    return [text.text for text in figure.iter(f"{SVG}text") if text.get("class") == css_class]


def test_points_lie_on_the_dates_and_values_of_the_indicator():
    chart = effect_line_chart("Veiligheid", SAFETY)
    measured, compared = chart.series
    plot = chart.plot

    # From the baseline to the target date (1,096 days), left to right in proportion to time.
    left, right = plot.x1 + LINE_INSET, plot.x2 - LINE_INSET
    days = [0, 365, 731]
    assert [point.x for point in measured.points] == pytest.approx(
        [left + day / 1096 * (right - left) for day in days], abs=0.01
    )
    assert chart.baseline == measured.points[0]
    assert chart.target_point.x == pytest.approx(right)
    # The value axis runs from 60 to 72,5 in steps of 2,5 (70 is the highest value: one step
    # more keeps it off the plot's top), so 62 lies 2 / 12,5 up and the target 10 / 12,5.
    assert [tick.label for tick in chart.value_ticks] == ["60", "62,5", "65", "67,5", "70", "72,5"]
    height = plot.y2 - plot.y1
    assert chart.baseline.y == pytest.approx(plot.y2 - height * 0.16, abs=0.01)
    assert chart.target.y1 == chart.target.y2 == pytest.approx(plot.y2 - height * 0.8, abs=0.01)
    assert (chart.target.x1, chart.target.x2) == (plot.x1, plot.x2)
    assert [point.x for point in compared.points] == [measured.points[0].x, measured.points[2].x]
    assert compared.points[0].y == pytest.approx(plot.y2 - height * 0.08, abs=0.01)


def test_a_later_value_that_is_higher_is_drawn_higher():
    chart = effect_line_chart("Veiligheid", SAFETY)
    ys = [point.y for point in chart.series[0].points]
    assert ys == sorted(ys, reverse=True)


def test_lower_is_better_draws_the_values_as_they_are():
    nuisance = Course(
        unit="meldingen",
        baseline=(MARCH[0], D(120)),
        measurements=((MARCH[1], D(95)),),
        target=D(80),
    )
    chart = effect_line_chart("Woonoverlast", nuisance)
    assert [tick.label for tick in chart.value_ticks] == [
        "70",
        "80",
        "90",
        "100",
        "110",
        "120",
        "130",
    ]
    baseline, latest = chart.series[0].points
    height = chart.plot.y2 - chart.plot.y1
    assert baseline.y == pytest.approx(chart.plot.y2 - height * 50 / 60, abs=0.01)
    assert latest.y > baseline.y
    assert chart.target.y1 == pytest.approx(chart.plot.y2 - height * 10 / 60, abs=0.01)
    assert chart.target_point is None
    assert chart.unit_label.label == "meldingen"


def test_summary_says_baseline_latest_target_and_comparison_in_dutch():
    chart = effect_line_chart("Veiligheid", SAFETY)
    assert chart.summary == (
        "Nulmeting: 62 % op 1 maart 2018. 2 metingen, de laatste: 68,5 % op 1 maart 2020. "
        "Doel: 70 % op 1 maart 2021. Vergelijkingsgebied Rotterdam: 61 % op 1 maart 2018, "
        "63 % op 1 maart 2020."
    )


def test_summary_of_one_measurement_without_a_baseline_or_target():
    course = Course(unit="", measurements=((MARCH[1], D("6.85")),))
    chart = effect_line_chart("Rapportcijfer", course)
    assert chart.summary == "Nog geen nulmeting. Eén meting: 6,85 op 1 maart 2019."
    assert chart.baseline is None
    assert chart.series[0].points[0].x == pytest.approx((chart.plot.x1 + chart.plot.x2) / 2)
    assert not chart.series[0].has_line


def test_axis_labels_are_dutch_dates_and_values():
    figure = render(effect_line_chart("Veiligheid", SAFETY))
    assert texts(figure, "wwidw-chart-date") == ["mrt 2018", "mrt 2019", "mrt 2020", "mrt 2021"]
    assert texts(figure, "wwidw-chart-tick") == ["60", "62,5", "65", "67,5", "70", "72,5"]
    assert texts(figure, "wwidw-chart-legend") == [
        "Metingen",
        "Nulmeting",
        "Doel 70 % in mrt 2021",
        "Vergelijkingsgebied Rotterdam",
    ]


def test_dates_that_would_touch_leave_out_a_label():
    monthly = tuple((datetime.date(2020, month, 1), D(month)) for month in range(1, 13))
    chart = effect_line_chart("Maandcijfer", Course(measurements=monthly))
    labels = [tick.label for tick in chart.date_ticks]
    assert labels[0] == "jan 2020"
    assert 3 < len(labels) < 12
    for before, after in zip(chart.date_ticks, chart.date_ticks[1:], strict=False):
        assert after.position - before.position > len(before.label) * 7.2


def test_the_table_holds_every_value_for_screen_readers():
    chart = effect_line_chart("Veiligheid", SAFETY)
    assert chart.columns == ["Datum", "Waarde", "Vergelijkingsgebied Rotterdam"]
    assert [(row.label, row.values) for row in chart.table] == [
        ("1 maart 2018 (nulmeting)", ["62 %", "61 %"]),
        ("1 maart 2019", ["66 %", "–"]),
        ("1 maart 2020", ["68,5 %", "63 %"]),
        ("Doel (1 maart 2021)", ["70 %", ""]),
    ]
    rows = render(effect_line_chart("Veiligheid", SAFETY)).findall("table/tbody/tr")
    assert len(rows) == 4


def test_the_drawing_has_a_line_per_series_a_dashed_target_and_differs_in_more_than_colour():
    figure = render(effect_line_chart("Veiligheid", SAFETY))
    lines = {
        group.get("class").split()[-1]: group.find(f"{SVG}polyline")
        for group in figure.iter(f"{SVG}g")
        if "wwidw-chart-series" in group.get("class", "")
    }
    assert lines["wwidw-chart-measured"].get("stroke-dasharray") is None
    assert lines["wwidw-chart-comparison"].get("stroke-dasharray") == "2 3"
    (target,) = [
        line for line in figure.iter(f"{SVG}line") if line.get("class") == "wwidw-chart-target"
    ]
    assert target.get("stroke-dasharray") == "6 4"
    svg = figure.find(f"{SVG}svg")
    assert svg.get("role") == "img"
    summary = figure.find("p")
    assert svg.get("aria-describedby") == summary.get("id")
    assert summary.text.startswith("Nulmeting: 62 %")


def test_nothing_measured_says_so_instead_of_an_empty_drawing():
    chart = effect_line_chart("Veiligheid", Course(unit="%", target=D(70)))
    figure = render(chart)
    assert chart.is_empty
    assert figure.find(f"{SVG}svg") is None
    assert figure.find("p").text == "Nog geen gegevens om te tonen."


def test_percentages_stay_on_an_axis_within_0_and_100():
    course = Course(
        unit="%", is_percentage=True, baseline=(MARCH[0], D(98)), measurements=((MARCH[1], D(1)),)
    )
    ticks = [tick.label for tick in effect_line_chart("Aandeel", course).value_ticks]
    assert ticks[0] == "0"
    assert ticks[-1] == "100"


def test_names_are_text_never_markup():
    course = Course(
        baseline=(MARCH[0], D(1)), comparison_area="<b>Stad</b>", comparison=((MARCH[0], D(2)),)
    )
    html = render_to_string(
        "includes/charts/line.html", {"chart": effect_line_chart("<i>", course)}
    )
    assert "<b>" not in html
    assert "&lt;b&gt;Stad&lt;/b&gt;" in html
    ET.fromstring(html)


def test_values_read_like_the_words():
    assert format_measure(D("62.0"), "%") == "62 %"
    assert format_measure(D("6.85")) == "6,85"
    assert format_measure(D("1250"), "meldingen") == "1.250 meldingen"
    assert format_measure(None, "%") == "–"


values = st.decimals(min_value=-1000, max_value=1000, places=1)


@given(st.lists(values, min_size=1, max_size=8), values, st.booleans())
def test_every_point_and_the_target_lie_inside_the_plot(measured, target, percentage):
    if percentage:
        measured = [abs(value) % 100 for value in measured]
        target = abs(target) % 100
    course = Course(
        is_percentage=percentage,
        baseline=(MARCH[0], measured[0]),
        measurements=tuple(zip(MARCH[1:], measured[1:], strict=False)),
        target=target,
        target_date=MARCH[-1],
    )
    chart = effect_line_chart("Eigenschap", course)
    plot = chart.plot
    for point in [*chart.series[0].points, chart.target_point]:
        assert plot.x1 <= point.x <= plot.x2
        assert plot.y1 - 0.01 <= point.y <= plot.y2 + 0.01
    assert 2 <= len(chart.value_ticks) <= 12


def test_the_chart_prints_in_a_pdf_with_its_dates_values_and_summary():
    chart = effect_line_chart("Bewoners die zich veilig voelen", SAFETY)
    html = (
        '<html lang="nl"><head><link rel="stylesheet" href="/static/css/monitoring_pdf.css">'
        "</head><body>"
        + render_to_string(chart.template_name, {"chart": chart})
        + "</body></html>"
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(html_to_pdf(html))).pages)
    assert "mrt 2019" in text
    assert "67,5" in text
    assert "Vergelijkingsgebied Rotterdam" in text
    assert "2 metingen, de laatste: 68,5 % op 1 maart 2020" in " ".join(text.split())
