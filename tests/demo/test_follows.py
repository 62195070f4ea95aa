from django.urls import reverse
from pytest_django.asserts import assertContains

from conversation.models import Follow
from demo.follows import seed_follows
from interventions.models import Intervention
from wwidw.models import User


def test_demo_people_follow_what_they_may_see(seeded):
    youssef = User.objects.get(email="youssef@maasoever.example")
    follows = Follow.objects.filter(user=youssef)
    assert follows.count() == 4
    description = follows.get(intervention__isnull=False).intervention
    assert Intervention.objects.visible_to(youssef).filter(pk=description.pk).exists()
    assert description.organisation.slug != "maasoever"
    assert Follow.objects.count() == 9
    assert seed_follows() == 0


def test_the_start_page_of_a_demo_person_is_filled(seeded, client):
    client.force_login(User.objects.get(email="youssef@maasoever.example"))
    response = client.get(reverse("home"))
    assert response.context["start"].news
    assertContains(response, "Nieuw in wat je volgt")
    assertContains(response, "Komende bijeenkomsten")
