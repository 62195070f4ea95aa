"""Chart texts drawn as one line each (wwidw/svg_text.py) only on the WeasyPrint it follows."""

import tomllib
from pathlib import Path

import weasyprint
from weasyprint import svg

from wwidw import pdf, svg_text  # noqa: F401 - importing pdf installs the drawing


def test_the_pinned_weasyprint_is_the_release_the_drawing_follows():
    pinned = tomllib.loads(Path("pyproject.toml").read_text())["project"]["dependencies"]
    assert f"weasyprint=={svg_text.WRITTEN_FOR}" in pinned
    assert weasyprint.__version__ == svg_text.WRITTEN_FOR
    assert svg.text is svg_text.text


def test_another_release_keeps_the_librarys_own_drawing(monkeypatch):
    monkeypatch.setattr(svg, "text", svg_text._letter_by_letter)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    svg_text.install()
    assert svg.text is svg_text._letter_by_letter
