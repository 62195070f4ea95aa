"""The PDFs render with WeasyPrint's style sheet for HTML less its rules for every element
(wwidw/pdf.py): lists keep their markers, and no element gets the pseudo-elements of notes.
While a document renders, the garbage collector waits, and it is on again afterwards."""

import gc
import io

import pytest
import weasyprint
import weasyprint.css
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError

from wwidw.pdf import collector_waiting, html_to_pdf

LISTS = "<ul><li>een</li><li>twee</li></ul><ol><li>drie</li></ol><p>tekst</p>"


def _text(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_lists_keep_their_markers_as_weasyprint_draws_them():
    ours = _text(html_to_pdf(LISTS))
    assert ours == _text(HTML(string=LISTS).write_pdf())
    assert ours.count("•") == 2 and "1." in ours


def test_no_element_gets_a_style_for_a_pseudo_element_it_does_not_have(monkeypatch):
    pseudo_types = []
    original = weasyprint.css.StyleFor.set_computed_styles

    def counting(self, element, parent, root=None, pseudo_type=None, **kwargs):
        pseudo_types.append(pseudo_type)
        return original(self, element, parent, root=root, pseudo_type=pseudo_type, **kwargs)

    monkeypatch.setattr(weasyprint.css.StyleFor, "set_computed_styles", counting)
    html_to_pdf("<table>" + "<tr><td>1</td><td>2</td></tr>" * 50 + "</table>" + LISTS)
    assert not {"footnote-call", "footnote-marker", "note-call", "note-marker"} & set(pseudo_types)
    assert pseudo_types.count("marker") == 3  # the three list items


def test_the_garbage_collector_waits_while_a_document_renders(monkeypatch):
    seen = []
    original = weasyprint.HTML.render

    def noting(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", noting)
    assert gc.isenabled()
    assert "tekst" in _text(html_to_pdf(LISTS))
    assert seen == [False]
    assert gc.isenabled()


def test_the_garbage_collector_is_on_again_after_a_rendering_that_fails():
    with pytest.raises(FatalURLFetchingError):
        html_to_pdf('<img src="https://example.org/elders.png">')
    assert gc.isenabled()


def test_a_block_that_began_with_the_collector_off_leaves_it_off():
    gc.disable()
    try:
        with collector_waiting():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
