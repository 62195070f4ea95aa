"""The PDFs render with WeasyPrint's style sheet for HTML less its rules for every element
(wwidw/pdf.py): lists keep their markers, and no element gets the pseudo-elements of notes."""

import io

import weasyprint.css
from pypdf import PdfReader
from weasyprint import HTML

from wwidw.pdf import html_to_pdf

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
