"""A chart's words in a PDF laid out as one line each, not letter by letter.

WeasyPrint lays out and draws every text of an SVG letter by letter (weasyprint/svg/text.py),
so that x, y, dx, dy and rotate lists can place each letter on its own. A chart's label or value
has one place; letter by letter its words took a quarter of a monitoring report's rendering.
`install()` (called by wwidw/pdf.py) puts `text()` in the library's place: a text with one
x and one y and nothing that moves single letters is laid out and drawn as one line, in the
same place and font; any other goes the library's way.
"""

import importlib
from math import inf

import weasyprint
from weasyprint import svg
from weasyprint.css.properties import INITIAL_VALUES
from weasyprint.draw.text import draw_emojis, draw_first_line
from weasyprint.matrix import Matrix
from weasyprint.svg.bounding_box import extend_bounding_box
from weasyprint.svg.utils import normalize, size
from weasyprint.text.line_break import split_first_line

# The release of WeasyPrint whose weasyprint/svg/text.py this module follows.
WRITTEN_FOR = "70.0"

# The module, which the function of the same name hides as weasyprint.svg.text.
library = importlib.import_module("weasyprint.svg.text")

# What places, spaces or aligns single letters: such a text goes letter by letter.
LETTER_ATTRIBUTES = [
    "dx",
    "dy",
    "rotate",
    "letter-spacing",
    "textLength",
    "display-anchor",
    "dominant-baseline",
    "alignment-baseline",
    "direction",
]

_letter_by_letter = library.text


def _one_place(node, name: str) -> bool:
    return len(normalize(node.attrib.get(name, "")).split()) == 1


def _is_one_line(node) -> bool:
    return (
        bool(node.text)
        and _one_place(node, "x")
        and _one_place(node, "y")
        and not any(node.get(name) for name in LETTER_ATTRIBUTES)
    )


def _style(drawing, node, font_size) -> library.Style:
    """The text's font as the library reads it (weasyprint/svg/text.py)."""
    style = library.Style()
    style.update(INITIAL_VALUES)
    style.font_config = drawing.font_config
    style["font_family"] = [
        font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")
    ]
    style["font_style"] = node.get("font-style", "normal")
    style["font_size"] = font_size
    weight = node.get("font-weight", 400)
    weights = {"normal": 400, "bold": 700}
    try:
        style["font_weight"] = weights.get(weight) or int(weight)
    except ValueError:
        style["font_weight"] = 400
    return style


def text(drawing, node, font_size) -> None:
    """Draw a text node of an SVG: as one line when nothing places its letters apart."""
    if not _is_one_line(node):
        return _letter_by_letter(drawing, node, font_size)
    style = _style(drawing, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(
        node.text, style, drawing.context, inf, 0
    )
    x = size(normalize(node.attrib["x"]).strip(), font_size, drawing.inner_width)
    y = size(normalize(node.attrib["y"]).strip(), font_size, drawing.inner_height)
    if x:
        drawing.cursor_d_position[0] = 0
    if y:
        drawing.cursor_d_position[1] = 0
    drawing.cursor_position = x + width, y
    x_position = x + drawing.cursor_d_position[0]
    y_position = y + drawing.cursor_d_position[1]
    points = (
        (x_position, y_position - baseline),
        (x_position + width, y_position - baseline + height),
    )
    node.text_bounding_box = extend_bounding_box(node.text_bounding_box, points)

    drawing.stream.push_state()
    fill, stroke = drawing.set_graphical_state(node, font_size)
    drawing.stream.begin_text()
    layout.reactivate(style)
    drawing.fill_stroke(fill, stroke, text=True)
    box = library.TextBox(layout, style)
    box.baseline = baseline
    matrix = Matrix(a=1, d=-1, e=x_position, f=y_position)
    emojis = draw_first_line(drawing.stream, box, "none", "none", matrix)
    drawing.stream.end_text()
    drawing.stream.pop_state()
    draw_emojis(drawing.stream, style, x, y, emojis)


def install() -> None:
    """Draw SVG texts with `text()`: the drawing code finds text tags by the function. Only on
    the WeasyPrint release it was written for (pyproject.toml pins it): after an upgrade the
    library draws as it does until this module is checked against it."""
    if weasyprint.__version__ != WRITTEN_FOR:
        return
    svg.text = text
    for tag, function in svg.TAGS.items():
        if function is _letter_by_letter:
            svg.TAGS[tag] = text
