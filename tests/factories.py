import factory
from factory.django import DjangoModelFactory

from wwidw.models import Membership, Organisation, User

TEST_PASSWORD = "een-lang-testwachtwoord"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"gebruiker{n}@partner.example")
    full_name = factory.Sequence(lambda n: f"Medewerker {n}")
    password = factory.django.Password(TEST_PASSWORD)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Woonstichting {n}")
    slug = factory.Sequence(lambda n: f"woonstichting-{n}")
    kind = Organisation.Kind.HOUSING_CORPORATION
    city = "Rotterdam"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER
