"""The administration names every field for screen readers (wwidw/admin_base.py); the browser
check of every page is tests/browser/test_accessibility.py."""

from django.urls import reverse

from wwidw.admin_base import CHOOSE


def test_a_required_autocomplete_starts_with_a_named_empty_choice(client, programme_staff):
    client.force_login(programme_staff)
    html = client.get(reverse("admin:wwidw_membership_add")).content.decode()
    assert f'<option value="" selected>{CHOOSE}</option>' in html  # "— kies —"


def test_a_field_in_a_table_row_is_named_after_its_column(client, programme_staff, member_a):
    client.force_login(programme_staff)
    html = client.get(reverse("admin:wwidw_user_change", args=[member_a.pk])).content.decode()
    assert 'name="memberships-0-role" aria-label="Rol"' in html
    assert 'name="memberships-0-DELETE" aria-label="Verwijderen"' in html


def test_a_date_field_is_not_described_by_a_warning_that_is_not_there(client, programme_staff):
    client.force_login(programme_staff)
    html = client.get(reverse("admin:events_themesession_add")).content.decode()
    assert 'id="id_starts_at_0"' in html
    assert "timezone_warning_helptext" not in html
