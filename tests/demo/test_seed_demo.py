from django.contrib.auth.models import Group
from django.core.management import call_command

from demo import accounts as demo
from wwidw.models import Membership, Organisation, User
from wwidw.permissions import PROGRAMME_STAFF_GROUP


def snapshot() -> dict:
    return {
        "organisations": list(Organisation.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "groups": list(Group.objects.order_by("pk").values("name", "permissions")),
    }


def test_seed_demo_creates_the_seventeen_partners_with_their_people(seeded):
    assert Organisation.objects.count() == 17
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {"woningcorporatie", "gemeente", "welzijnsorganisatie", "kennisinstituut"} <= kinds
    for organisation in Organisation.objects.annotate_member_count():
        counts = Membership.objects.filter(organisation=organisation).role_counts()
        assert counts["managers"] == 1
        assert counts["total"] >= 3
    staff = User.objects.get(email=demo.PROGRAMME_STAFF_EMAIL)
    assert staff.is_programme_staff
    assert staff.check_password(demo.DEMO_PASSWORD)
    assert demo.DEMO_PASSWORD in seeded


def test_seed_demo_twice_changes_nothing(seeded):
    before = snapshot()
    call_command("seed_demo")
    assert snapshot() == before


def test_seed_demo_leaves_a_changed_password_alone(seeded):
    user = User.objects.get(email=demo.PROGRAMME_STAFF_EMAIL)
    user.set_password("een-eigen-wachtwoord-2026")
    user.save(update_fields=["password"])
    call_command("seed_demo")
    user.refresh_from_db()
    assert user.check_password("een-eigen-wachtwoord-2026")


def test_programme_staff_group_can_curate_but_not_delete_partners(db):
    group = Group.objects.get(name=PROGRAMME_STAFF_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_organisation", "change_organisation", "view_organisation"} <= codenames
    assert {"change_membership", "delete_membership", "view_user"} <= codenames
    assert "delete_organisation" not in codenames
