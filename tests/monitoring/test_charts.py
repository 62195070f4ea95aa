import io
import itertools
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from monitoring.charts import (
    Chart,
    bar_chart,
    diverging_bar_chart,
    format_signed,
    format_value,
    paired_bar_chart,
)
from wwidw.pdf import html_to_pdf

SVG = "{http://www.w3.org/2000/svg}"
# DOMAIN.md's worked example, "Huismeester portiekflats".
COSTS = [
    ("Personeel eigen organisatie", Decimal("65520.00")),
    ("Materiaal", Decimal("5000.00")),
    ("Overhead", Decimal("6552.00")),
]
BALANCES = [
    ("Bewoners", Decimal("44603.49")),
    ("Corporatie", Decimal("-32790.17")),
    ("Gemeente", Decimal("-11762.23")),
]
OUTPUTS = [
    ("2025 K1", Decimal("40"), Decimal("35")),
    ("2025 K2", Decimal("40"), Decimal("52.5")),
    ("2025 K3", Decimal("40"), None),
    ("2025 K4", None, None),
]


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def render(chart: Chart) -> ET.Element:
    """The chart's HTML as XML: it fails to parse unless it is well-formed."""
    return ET.fromstring(render_to_string(chart.template_name, {"chart": chart}))


def bars(figure: ET.Element) -> list[ET.Element]:
    return [
        rect
        for rect in figure.iter(f"{SVG}rect")
        if "wwidw-chart-bar" in rect.get("class").split()
    ]


def texts(figure: ET.Element, css_class: str) -> list[str]:
    return [text.text for text in figure.iter(f"{SVG}text") if text.get("class") == css_class]


def table_rows(figure: ET.Element) -> list[list[str]]:
    body = figure.find("table/tbody")
    return [["".join(cell.itertext()) for cell in row] for row in body.findall("tr")]


def costs_chart() -> Chart:
    return bar_chart("Kosten per categorie", COSTS)


def test_bar_chart_draws_one_bar_per_row_and_the_largest_across_the_plot():
    chart = costs_chart()
    drawn = bars(render(chart))

    assert len(drawn) == 3
    widths = [float(bar.get("width")) for bar in drawn]
    assert widths[0] == chart.plot_width
    for width, (_, value) in zip(widths, COSTS, strict=True):
        assert width == pytest.approx(float(value / COSTS[0][1]) * chart.plot_width, abs=0.01)
    assert {float(bar.get("x")) for bar in drawn} == {chart.plot_x}
    assert texts(render(chart), "wwidw-chart-label") == [label for label, _ in COSTS]


def test_bars_are_drawn_in_the_given_order_top_to_bottom():
    drawn = bars(render(bar_chart("Kosten", list(reversed(COSTS)))))

    tops = [float(bar.get("y")) for bar in drawn]
    assert tops == sorted(tops)
    assert float(drawn[0].get("width")) < float(drawn[2].get("width"))


def test_amounts_read_dutch_without_cents():
    figure = render(bar_chart("Kosten per financier", [("Corporatie", Decimal("61657.60"))]))

    assert texts(figure, "wwidw-chart-value") == ["€ 61.658"]
    assert texts(render(costs_chart()), "wwidw-chart-value")[0] == "€ 65.520"


def test_amounts_round_half_up():
    assert format_value(Decimal("1234.50")) == "€ 1.235"
    assert format_value(Decimal("1234.49")) == "€ 1.234"
    assert format_value(Decimal("1000000000000.00")) == "€ 1.000.000.000.000"


def test_other_units_keep_the_decimals_they_need():
    assert format_value(Decimal("52.50"), "uur") == "52,5 uur"
    assert format_value(Decimal("40.00"), "huishoudens") == "40 huishoudens"
    assert format_value(Decimal("1.234"), "") == "1,23"


def test_balances_carry_their_sign():
    assert format_signed(Decimal("44603.49")) == "+ € 44.603"
    assert format_signed(Decimal("-32790.17")) == "− € 32.790"
    assert format_signed(Decimal("-0.40")) == "€ 0"


def test_label_is_escaped_text_never_markup():
    label = "<script>alert(1)</script>"
    chart = bar_chart(label, [(label, Decimal(1))])
    html = render_to_string("includes/charts/bar.html", {"chart": chart})
    figure = ET.fromstring(html)

    assert not [element for element in figure.iter() if element.tag.endswith("script")]
    assert texts(figure, "wwidw-chart-label") == [label]
    assert figure.find("figcaption").text == label
    assert "&lt;script&gt;" in html


def test_long_label_is_shortened_but_kept_whole_in_tooltip_and_table():
    label = "Personeel eigen organisatie volgens urenregistratie"
    figure = render(bar_chart("Kosten", [(label, Decimal("65520"))]))

    shown = texts(figure, "wwidw-chart-label")[0]
    assert len(shown) == 28
    assert shown.endswith("…")
    assert label.startswith(shown.removesuffix("…"))
    row = figure.find(f".//{SVG}g")
    assert row.find(f"{SVG}title").text == f"{label}: € 65.520"
    assert table_rows(figure) == [[label, "€ 65.520"]]


def test_hidden_table_carries_the_numbers_of_the_drawing():
    figure = render(costs_chart())
    table = figure.find("table")

    assert "visually-hidden" in table.get("class").split()
    assert [cell.text for cell in table.findall("thead/tr/th")] == ["Naam", "Bedrag"]
    assert table_rows(figure) == [
        list(pair)
        for pair in zip(
            texts(figure, "wwidw-chart-label"), texts(figure, "wwidw-chart-value"), strict=True
        )
    ]
    assert table_rows(figure)[2] == ["Overhead", "€ 6.552"]


def test_svg_is_an_image_named_by_its_title_and_summary():
    figure = render(costs_chart())
    svg = figure.find(f"{SVG}svg")

    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == "Kosten per categorie"
    summary = svg.find(f"{SVG}desc")
    assert summary.get("id") == desc_id
    assert summary.text == (
        "Hoogste: Personeel eigen organisatie, € 65.520. Laagste: Materiaal, € 5.000. "
        "Totaal: € 77.072."
    )


def test_two_charts_with_one_title_get_different_ids():
    first, second = costs_chart(), costs_chart()

    assert first.id != second.id
    html = "".join(
        render_to_string("includes/charts/bar.html", {"chart": chart}) for chart in (first, second)
    )
    page = ET.fromstring(f"<div>{html}</div>")
    ids = [element.get("id") for element in page.iter() if element.get("id")]
    assert len(ids) == len(set(ids)) == 4


def test_chart_has_no_style_attributes_scripts_or_handlers():
    for chart in [costs_chart(), diverging_bar_chart("Saldo", BALANCES)]:
        for element in render(chart).iter():
            assert "style" not in element.attrib
            assert not [name for name in element.attrib if name.startswith("on")]
            assert not element.tag.endswith(("script", "style"))


def test_text_has_a_font_that_pdfs_have():
    for text in render(costs_chart()).iter(f"{SVG}text"):
        assert text.get("font-family") == "DejaVu Sans, sans-serif"
        assert text.get("font-size") == "12"


def test_negative_bars_lie_left_of_the_zero_line_and_positive_right():
    chart = diverging_bar_chart("Wie investeert, wie profiteert", BALANCES)
    figure = render(chart)
    zero = figure.find(f".//{SVG}line")
    zero_x = float(zero.get("x1"))
    gains, corporation, municipality = bars(figure)

    assert zero.get("x2") == zero.get("x1")
    assert float(gains.get("x")) == zero_x
    for bar in (corporation, municipality):
        assert float(bar.get("x")) + float(bar.get("width")) == pytest.approx(zero_x, abs=0.01)
    assert corporation.get("fill") == municipality.get("fill") != gains.get("fill")
    # One scale for both sides; the longest bar on each side reaches the edge of the plot.
    assert float(corporation.get("x")) == pytest.approx(chart.plot_x, abs=0.01)
    right_edge = float(gains.get("x")) + float(gains.get("width"))
    assert right_edge == pytest.approx(chart.plot_x + chart.plot_width, abs=0.01)
    assert float(municipality.get("width")) == pytest.approx(
        float(corporation.get("width")) * 11762.23 / 32790.17, abs=0.01
    )
    assert texts(figure, "wwidw-chart-value") == ["+ € 44.603", "− € 32.790", "− € 11.762"]


def test_diverging_chart_with_only_gains_puts_the_zero_line_on_the_left():
    chart = diverging_bar_chart("Saldo", [("Bewoners", Decimal("100")), ("Gemeente", Decimal(0))])
    figure = render(chart)

    assert float(figure.find(f".//{SVG}line").get("x1")) == chart.plot_x
    assert texts(figure, "wwidw-chart-legend") == ["Profiteert meer dan het investeert"]
    assert texts(figure, "wwidw-chart-value") == ["+ € 100", "€ 0"]


def test_paired_chart_draws_target_and_realised_and_skips_what_is_missing():
    chart = paired_bar_chart(
        "Bezochte huishoudens", OUTPUTS, first_label="Doel", second_label="Gerealiseerd"
    )
    figure = render(chart)
    drawn = bars(figure)

    assert [bar.get("class").split()[1] for bar in drawn] == [
        "wwidw-chart-target",
        "wwidw-chart-realised",
        "wwidw-chart-target",
        "wwidw-chart-realised",
        "wwidw-chart-target",
    ]
    assert float(drawn[3].get("width")) == chart.plot_width  # 52,5 is the largest
    assert float(drawn[0].get("width")) == pytest.approx(chart.plot_width * 40 / 52.5, abs=0.01)
    target, realised = drawn[0], drawn[1]
    assert target.get("stroke") != "none"
    assert realised.get("stroke") == "none"
    assert target.get("fill") != realised.get("fill")
    assert texts(figure, "wwidw-chart-value") == ["40", "35", "40", "52,5", "40", "–", "–", "–"]
    assert texts(figure, "wwidw-chart-legend") == ["Doel", "Gerealiseerd"]
    assert table_rows(figure)[2] == ["2025 K3", "40", "–"]
    assert [cell.text for cell in figure.findall("table/thead/tr/th")] == [
        "Periode",
        "Doel",
        "Gerealiseerd",
    ]
    summary = figure.find(f".//{SVG}desc").text
    assert summary == "Doel in totaal: 120. Gerealiseerd in totaal: 87,5."


def test_paired_bars_of_one_period_do_not_overlap_the_next():
    figure = render(paired_bar_chart("Uitvoer", OUTPUTS[:2], first_label="a", second_label="b"))
    edges = [(bar.get("y"), bar.get("height")) for bar in bars(figure)]

    for (top, height), (next_top, _) in itertools.pairwise(edges):
        assert float(top) + float(height) < float(next_top)


@pytest.mark.parametrize(
    "chart",
    [
        bar_chart("Kosten", []),
        bar_chart("Kosten", [("Materiaal", Decimal("0.00"))]),
        paired_bar_chart("Uitvoer", [("2025", None, None)], first_label="a", second_label="b"),
        paired_bar_chart("Uitvoer", [], first_label="a", second_label="b"),
        diverging_bar_chart("Saldo", [("Gemeente", Decimal("0"))]),
    ],
    ids=["no rows", "all zero", "no values", "no periods", "zero balance"],
)
def test_nothing_to_draw_says_so_instead_of_an_empty_drawing(chart):
    figure = render(chart)

    assert chart.is_empty
    assert figure.find(f"{SVG}svg") is None
    assert figure.find("table") is None
    assert figure.find("p").text == "Nog geen gegevens om te tonen."
    assert figure.find("figcaption").get("aria-hidden") is None


def test_one_row_fills_the_plot():
    chart = bar_chart("Kosten", [("Materiaal", Decimal("5000"))])
    (bar,) = bars(render(chart))

    assert float(bar.get("width")) == chart.plot_width


def test_forty_rows_stay_well_formed_and_the_chart_grows():
    rows = [(f"Kostenpost {number}", Decimal(number * 1000)) for number in range(1, 41)]
    chart = bar_chart("Kosten", rows)
    figure = render(chart)
    drawn = bars(figure)

    assert len(drawn) == 40
    assert len(table_rows(figure)) == 40
    assert chart.height > 20 * bar_chart("Kosten", rows[:1]).height
    assert float(figure.find(f"{SVG}svg").get("height")) == chart.height
    assert max(float(bar.get("y")) + float(bar.get("height")) for bar in drawn) < chart.height


def test_charts_are_included_with_only_the_chart():
    template = Template('{% include "includes/charts/diverging_bar.html" with chart=chart only %}')
    html = template.render(Context({"chart": diverging_bar_chart("Saldo", BALANCES)}))

    assert len(bars(ET.fromstring(html))) == 3


def test_negative_values_are_refused_where_bars_only_grow_right():
    with pytest.raises(ValueError):
        bar_chart("Kosten", [("Materiaal", Decimal("-1"))])
    with pytest.raises(ValueError):
        paired_bar_chart(
            "Uitvoer", [("2025", Decimal("-1"), None)], first_label="a", second_label="b"
        )


amounts = st.decimals(min_value=0, max_value=10**12, places=2)


@given(st.lists(amounts, min_size=1, max_size=40))
def test_bars_stay_in_the_plot_and_the_largest_fills_it(values):
    chart = bar_chart("Kosten", [(f"Post {index}", value) for index, value in enumerate(values)])

    if not max(values):
        assert chart.is_empty
        return
    widths = [bar.width for row in chart.rows for bar in row.bars]
    assert max(widths) == chart.plot_width
    assert all(0 <= width <= chart.plot_width for width in widths)
    assert chart.plot_width > 150


@given(st.lists(st.decimals(min_value=-(10**12), max_value=10**12, places=2), min_size=1))
def test_diverging_bars_stay_in_the_plot(values):
    rows = [(f"Actor {index}", value) for index, value in enumerate(values)]
    chart = diverging_bar_chart("Saldo", rows)

    for row in chart.rows:
        (bar,) = row.bars
        assert chart.plot_x - 0.01 <= bar.x
        assert bar.x + bar.width <= chart.plot_x + chart.plot_width + 0.01


def test_chart_prints_in_a_pdf_with_its_labels_and_values():
    chart = costs_chart()
    html = (
        '<html lang="nl"><head><link rel="stylesheet" href="/static/css/charts.css"></head><body>'
        + render_to_string(chart.template_name, {"chart": chart})
        + "</body></html>"
    )
    pdf = html_to_pdf(html)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)

    assert "Personeel eigen organisatie" in text
    assert "€ 65.520" in text
    # Drawn once, by the SVG: on paper the screen-reader table is left out.
    assert text.count("Overhead") == 1
