"""The filter forms of the theme sessions and the archetypes are written by `select_fields`
(wwidw/templatetags/filter_forms.py) with the controls crispy wrote: per field its label, the
select with every option and the chosen one, and the field's errors next to it."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from pytest_django.asserts import assertContains

from archetypes.filters import ArchetypeFilter
from events.filters import SessionFilter
from events.models import ThemeSession
from interventions.models import InterventionType, Theme
from wwidw.templatetags.filter_forms import select_fields


class Controls(HTMLParser):
    """What a reader and a browser get of a form: labels, selects, options and error texts."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple] = []
        self._open: tuple | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "label":
            self._open, self._text = ("label", attributes.get("for")), []
        elif tag == "select":
            classes = frozenset(attributes.get("class", "").split())
            described = (attributes.get("aria-invalid"), attributes.get("aria-describedby"))
            select = ("select", attributes.get("name"), attributes.get("id"), classes, described)
            self.found.append(select)
        elif tag == "option":
            selected = "selected" in attributes
            self._open, self._text = ("option", attributes.get("value"), selected), []
        elif tag == "div" and "invalid-feedback" in attributes.get("class", ""):
            self.found.append(("errors", attributes.get("id")))
        elif tag == "p" and attributes.get("id", "").startswith("error_"):
            self._open, self._text = ("error", attributes.get("id")), []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and tag in {"label", "option", "p"}:
            self.found.append((*self._open, " ".join("".join(self._text).split())))
            self._open = None


def _controls(html: str) -> list[tuple]:
    parser = Controls()
    parser.feed(html)
    return parser.found


def _by_crispy(form) -> str:
    template = Template("{% load crispy_forms_filters %}{{ form|crispy }}")
    return template.render(Context({"form": form}))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"soort": "training"},
        {"type": "__first_type__", "soort": ""},
        {"type": "geen-bestaand-type"},
        {"soort": "<script>", "type": "__first_type__"},
    ],
)
def test_the_sessions_filter_has_the_controls_crispy_wrote(query):
    first_type = InterventionType.objects.order_by("name").first().slug
    data = {name: first_type if v == "__first_type__" else v for name, v in query.items()}
    form = SessionFilter(data).form
    ours = _controls(select_fields(form))
    assert ours == _controls(_by_crispy(SessionFilter(data).form))
    assert [c[1] for c in ours if c[0] == "select"] == ["soort", "type"]
    # Every kind and every type, each list after its "all" option.
    options = len(ThemeSession.Kind.choices) + 1 + InterventionType.objects.count() + 1
    assert len([c for c in ours if c[0] == "option"]) == options


@pytest.mark.django_db
def test_the_archetypes_filter_has_the_controls_crispy_wrote():
    theme = Theme.objects.order_by("position").first()
    for data in [{}, {"thema": theme.slug}, {"thema": "onbekend", "type": "ook-onbekend"}]:
        ours = _controls(select_fields(ArchetypeFilter(data).form))
        assert ours == _controls(_by_crispy(ArchetypeFilter(data).form))
    errors = [c for c in ours if c[0] == "error"]
    assert len(errors) == 2 and all("geldige keuze" in c[2] for c in errors)


def test_a_field_that_is_no_single_select_is_refused():
    class Search(forms.Form):
        q = forms.CharField()

    class Several(forms.Form):
        kinds = forms.MultipleChoiceField(choices=[("a", "A")])

    for form in (Search(), Several()):
        with pytest.raises(TypeError, match="single selects"):
            select_fields(form)


def test_a_value_not_among_the_choices_is_named_next_to_its_field(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("events:list"), {"type": "bestaat-niet", "soort": "training"})
    assert response.status_code == 200
    html = response.content.decode()
    select = html[
        html.index('<select name="type"') : html.index("</select>", html.index('"type"'))
    ]
    assert "is-invalid" in select and 'aria-describedby="id_type_error"' in select
    assertContains(
        response, '<div id="id_type_error" class="invalid-feedback"><p id="error_1_id_type">'
    )
    assertContains(response, "Selecteer een geldige keuze")
    assertContains(response, '<option value="training" selected>training</option>', html=True)


def test_the_archetypes_page_keeps_the_chosen_theme(client, member_a):
    theme = Theme.objects.order_by("position").first()
    client.force_login(member_a)
    response = client.get(reverse("archetypes:list"), {"thema": theme.slug})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{theme.slug}" selected>' in html
    assert 'class="select form-select" id="id_thema"' in html
