from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from demo import accounts
from demo.archetypes import seed_archetypes
from demo.budgets import seed_budget_rounds
from demo.effects import seed_effects
from demo.events import seed_sessions
from demo.follows import seed_follows
from demo.interventions import seed_descriptions
from demo.monitoring import seed_monitoring
from demo.questions import seed_questions
from wwidw.models import Membership, Organisation, User
from wwidw.permissions import PROGRAMME_STAFF_GROUP
from wwidw.services import sync_programme_staff_group


class Command(BaseCommand):
    help = (
        "Load the demo partners, accounts and descriptions. Safe to repeat: what exists is "
        "left alone."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            created = self._seed()
            descriptions = seed_descriptions()
            monitoring = seed_monitoring()
            rounds = seed_budget_rounds()
            archetypes = seed_archetypes()
            indicators, verdicts = seed_effects()
            sessions = seed_sessions()
            follows = seed_follows()
            questions = seed_questions()
        self._print_accounts(created)
        self.stdout.write(f"{descriptions} new demo descriptions.")
        self.stdout.write(f"{monitoring} new demo monitoring plans.")
        self.stdout.write(f"{rounds} new demo liveability budget rounds.")
        self.stdout.write(f"{archetypes} new demo archetypes.")
        self.stdout.write(f"{indicators} new demo effect indicators.")
        self.stdout.write(f"{verdicts} new research verdicts per effect.")
        self.stdout.write(f"{sessions} new demo theme sessions.")
        self.stdout.write(f"{follows} new demo follows.")
        self.stdout.write(f"{questions} new demo questions.")

    def _seed(self) -> int:
        # One hash for the one demo password: hashing it for every account takes seconds each.
        self.password_hash = make_password(accounts.DEMO_PASSWORD)
        created = 0
        for item in accounts.ORGANISATIONS:
            organisation, _ = Organisation.objects.get_or_create(
                slug=item.slug, defaults={"name": item.name, "kind": item.kind, "city": item.city}
            )
            for full_name, email, role in accounts.members_of(item):
                user, is_new = self._get_or_create_user(email, full_name)
                created += is_new
                Membership.objects.get_or_create(
                    user=user, organisation=organisation, defaults={"role": role}
                )
        staff, is_new = self._get_or_create_user(
            accounts.PROGRAMME_STAFF_EMAIL, "Programmabureau WWidW", is_staff=True
        )
        created += is_new
        staff.groups.add(sync_programme_staff_group())
        _, is_new = self._get_or_create_user(
            accounts.ADMIN_EMAIL, "Technisch beheer", is_staff=True, is_superuser=True
        )
        return created + is_new

    def _get_or_create_user(self, email: str, full_name: str, **flags) -> tuple[User, bool]:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            return user, False
        user = User.objects.create(
            email=email, full_name=full_name, password=self.password_hash, **flags
        )
        return user, True

    def _print_accounts(self, created: int) -> None:
        write = self.stdout.write
        write(f"Demo data ready ({created} new accounts).")
        write(f"All demo accounts use the password: {accounts.DEMO_PASSWORD}")
        write(f"  programme staff (admin): {accounts.PROGRAMME_STAFF_EMAIL}")
        write(f"  technical administrator: {accounts.ADMIN_EMAIL}")
        for item in accounts.ORGANISATIONS:
            people = ", ".join(
                f"{email} ({Membership.Role(role).label})"
                for _, email, role in accounts.members_of(item)
            )
            write(f"  {item.name}: {people}")
        group_size = Group.objects.get(name=PROGRAMME_STAFF_GROUP).permissions.count()
        write(f"The {PROGRAMME_STAFF_GROUP} group holds {group_size} admin permissions.")
