import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from events.models import Registration, SessionIngredient, ThemeSession
from tests.factories import OrganisationFactory, UserFactory
from wwidw.models import Membership


class ThemeSessionFactory(DjangoModelFactory):
    """An upcoming session, two weeks ahead, whose registration is open, with 30 places."""

    class Meta:
        model = ThemeSession

    title = factory.Sequence(lambda n: f"Wat werkt in de huismeesterij {n}")
    slug = factory.Sequence(lambda n: f"wat-werkt-in-de-huismeesterij-{n}")
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=14)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(
        lambda session: session.starts_at + datetime.timedelta(hours=3)
    )
    venue = "Buurthuis De Schakel"
    address = "Hoogstraat 1, Rotterdam"
    capacity = 30
    registration_opens_at = factory.LazyAttribute(
        lambda session: session.starts_at - datetime.timedelta(days=30)
    )
    registration_closes_at = factory.LazyAttribute(
        lambda session: session.starts_at - datetime.timedelta(days=1)
    )


class RegistrationFactory(DjangoModelFactory):
    """A confirmed registration; the user becomes a member of the organisation if not yet."""

    class Meta:
        model = Registration
        skip_postgeneration_save = True  # the hook saves a membership, not the registration

    session = factory.SubFactory(ThemeSessionFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = Registration.Status.CONFIRMED

    @factory.post_generation
    def membership(self, create, extracted, **kwargs):
        if create:
            Membership.objects.get_or_create(user=self.user, organisation=self.organisation)


class SessionIngredientFactory(DjangoModelFactory):
    class Meta:
        model = SessionIngredient

    session = factory.SubFactory(ThemeSessionFactory)
    name = factory.Sequence(lambda n: f"Vaste aanwezigheid {n}")
    description = "De huismeester is elke dag op vaste tijden in het complex."
    consensus = SessionIngredient.Consensus.BROAD
