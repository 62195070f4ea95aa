"""The login page writes its two fields out by hand (templates/registration/includes/
login_fields.html) instead of rendering them through crispy-forms: the markup must stay what
crispy renders, in every state of the form."""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test.html import parse_html

from tests.factories import UserFactory
from wwidw.forms import LoginForm


def hand_written(form) -> object:
    return parse_html(render_to_string("registration/includes/login_fields.html", {"form": form}))


def by_crispy(form) -> object:
    template = Template("{% load crispy_forms_tags %}{{ form|crispy }}")
    return parse_html(template.render(Context({"form": form})))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"username": "", "password": ""},
        {"username": "iemand@partner.example", "password": ""},
        {"username": 'a"<b>@partner.example', "password": "fout"},
        {"username": "x" * 300, "password": "fout"},
    ],
    ids=["empty", "both missing", "password missing", "wrong password", "too long"],
)
def test_the_fields_are_what_crispy_renders(rf, data):
    UserFactory(email="iemand@partner.example")
    request = rf.post("/account/inloggen/")
    form = LoginForm(request, data=data)
    if data is not None:
        form.is_valid()
    assert hand_written(form) == by_crispy(form)


@pytest.mark.django_db
def test_a_wrong_password_is_said_on_the_page_and_the_address_kept(client):
    UserFactory(email="iemand@partner.example")
    response = client.post(
        "/account/inloggen/", {"username": "iemand@partner.example", "password": "fout"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="iemand@partner.example"' in content
    assert "alert-danger" in content


@pytest.mark.django_db
def test_an_overlong_address_is_refused_at_its_field(client):
    response = client.post("/account/inloggen/", {"username": "x" * 300, "password": "fout"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
