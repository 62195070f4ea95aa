import time

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import TEST_PASSWORD
from wwidw import services, two_factor

ADMIN = "/beheer/"


def app_code(key: str) -> str:
    """The code an authenticator app shows now for the hex `key`."""
    return f"{totp(bytes.fromhex(key)):06d}"


def with_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app")


def log_in(client, email, next_url=""):
    data = {"username": email, "password": TEST_PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def enter_code(client, code, url=None):
    return client.post(url or reverse("two_factor_login"), {"code": code})


def with_next(url_name, next_url):
    return f"{reverse(url_name)}?next={next_url.replace('/', '%2F')}"


# The administration demands the second step


def test_staff_without_an_app_are_sent_from_the_admin_to_set_one_up(client, programme_staff):
    client.force_login(programme_staff, verified=False)
    response = client.get(ADMIN)
    assertRedirects(response, with_next("two_factor_setup", ADMIN), fetch_redirect_response=False)
    assertContains(client.get(response.url), "Stel tweestapsverificatie in om het beheer")


def test_staff_with_an_app_but_no_code_this_session_are_asked_for_one(client, programme_staff):
    with_app(programme_staff)
    client.force_login(programme_staff, verified=False)
    response = client.get(reverse("admin:wwidw_organisation_changelist"))
    assertRedirects(
        response,
        with_next("two_factor_login", reverse("admin:wwidw_organisation_changelist")),
    )


def test_superuser_needs_the_second_step_too(client, db):
    from tests.factories import UserFactory

    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser, verified=False)
    assertRedirects(client.get(ADMIN), with_next("two_factor_setup", ADMIN))


def test_a_code_from_the_app_opens_the_admin(client, programme_staff):
    device = with_app(programme_staff)
    response = log_in(client, programme_staff.email, next_url=ADMIN)
    assertRedirects(response, reverse("two_factor_login"))
    assert "_auth_user_id" not in client.session  # the password alone logs nobody in

    response = enter_code(client, app_code(device.key))
    assertRedirects(response, ADMIN)
    assert client.session["_auth_user_id"] == str(programme_staff.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assertContains(client.get(ADMIN), "Partnerorganisaties")


def test_staff_logged_in_without_the_code_step_enter_it_and_go_on(client, programme_staff):
    device = with_app(programme_staff)
    client.force_login(programme_staff, verified=False)
    url = with_next("two_factor_login", ADMIN)
    assertRedirects(enter_code(client, app_code(device.key), url=url), ADMIN)
    assert client.get(ADMIN).status_code == 200


def test_the_admin_login_page_asks_for_the_code_too(client, programme_staff):
    # A password alone at /beheer/login/ signs nobody in, for the admin or for the site.
    with_app(programme_staff)
    data = {"username": programme_staff.email, "password": TEST_PASSWORD, "next": ADMIN}
    response = client.post(reverse("admin:login"), data)
    assertRedirects(response, reverse("two_factor_login"))
    assert "_auth_user_id" not in client.session
    device = programme_staff.totpdevice_set.get()
    assertRedirects(enter_code(client, app_code(device.key)), ADMIN)


def test_the_admin_login_page_explains_a_partner_account_has_no_access(client, member_a):
    client.force_login(member_a)
    assertContains(client.get(reverse("admin:login")), member_a.email)


def test_a_wrong_code_keeps_the_door_shut(client, programme_staff):
    with_app(programme_staff)
    log_in(client, programme_staff.email, next_url=ADMIN)
    response = enter_code(client, "000000")
    assertContains(response, "Deze code klopt niet")
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once(client, programme_staff):
    with_app(programme_staff)
    codes = services.replace_recovery_codes(user=programme_staff)
    assert len(codes) == 10

    log_in(client, programme_staff.email, next_url=ADMIN)
    response = enter_code(client, codes[0].upper())  # typed in capitals: still the code
    assertRedirects(response, ADMIN, fetch_redirect_response=False)
    assertContains(client.get(ADMIN), "Je hebt een herstelcode gebruikt. Je hebt er nog 9")
    assert StaticToken.objects.filter(device__user=programme_staff).count() == 9

    client.post(reverse("logout"))
    log_in(client, programme_staff.email, next_url=ADMIN)
    assertContains(enter_code(client, codes[0]), "Deze code klopt niet")
    assert "_auth_user_id" not in client.session


def test_the_code_step_is_throttled_with_the_password(client, programme_staff):
    device = with_app(programme_staff)
    log_in(client, programme_staff.email)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        enter_code(client, "000000")
    response = enter_code(client, app_code(device.key))
    assertContains(response, "Te veel pogingen", status_code=429)
    assert "_auth_user_id" not in client.session


def test_the_code_step_waits_only_a_few_minutes_after_the_password(client, member_a):
    device = with_app(member_a)
    log_in(client, member_a.email)
    session = client.session
    pending = session[two_factor.PENDING_LOGIN_SESSION_KEY]
    pending["started_at"] -= two_factor.PENDING_LOGIN_SECONDS + 1
    session[two_factor.PENDING_LOGIN_SESSION_KEY] = pending
    session.save()
    assertRedirects(enter_code(client, app_code(device.key)), reverse("login"))
    assert "_auth_user_id" not in client.session


def test_without_a_password_step_the_code_step_sends_to_login(client, db):
    assertRedirects(client.get(reverse("two_factor_login")), reverse("login"))


def test_the_demo_may_turn_the_requirement_off(client, programme_staff, settings):
    settings.WWIDW_REQUIRE_STAFF_MFA = False
    client.force_login(programme_staff, verified=False)
    assert client.get(ADMIN).status_code == 200


@pytest.mark.parametrize(
    ("debug", "required", "warned"),
    [(False, False, True), (False, True, False), (True, False, False)],
)
def test_check_deploy_warns_when_the_requirement_is_off(settings, debug, required, warned):
    settings.DEBUG = debug
    settings.WWIDW_REQUIRE_STAFF_MFA = required
    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert ("wwidw.W001" in ids) is warned


# Partners choose


def test_partner_without_an_app_logs_in_with_the_password(client, member_a):
    assertRedirects(log_in(client, member_a.email), reverse("home"))
    assert client.session["_auth_user_id"] == str(member_a.pk)


def test_partner_with_an_app_enters_its_code(client, member_a):
    device = with_app(member_a)
    assertRedirects(
        log_in(client, member_a.email, next_url="/kennisbank/"), reverse("two_factor_login")
    )
    assertContains(client.get(reverse("two_factor_login")), "Tweestapsverificatie")
    assertRedirects(enter_code(client, app_code(device.key)), "/kennisbank/")
    assert client.session["_auth_user_id"] == str(member_a.pk)


def test_the_menu_links_to_two_step_verification(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("home"))
    assertContains(response, f'href="{reverse("two_factor")}"')
    assertContains(response, "Tweestapsverificatie")


def test_the_pages_need_a_login(client, db):
    url = reverse("two_factor_setup")
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


# Setting up, recovery codes, turning off


def test_set_up_with_qr_code_and_a_code_then_recovery_codes_are_shown_once(
    client, programme_staff
):
    client.force_login(programme_staff, verified=False)
    url = with_next("two_factor_setup", ADMIN)
    response = client.get(url)
    assertContains(response, 'src="data:image/svg+xml')
    key = client.session[two_factor.SETUP_KEY_SESSION_KEY]
    assertContains(response, two_factor.manual_key(key))
    assert not TOTPDevice.objects.filter(user=programme_staff).exists()

    response = client.post(url, {"code": "123456" if app_code(key) != "123456" else "654321"})
    assertContains(response, "Deze code klopt niet")
    assert not TOTPDevice.objects.filter(user=programme_staff).exists()

    response = client.post(url, {"code": app_code(key)})
    assertRedirects(
        response, with_next("two_factor_recovery_codes", ADMIN), fetch_redirect_response=False
    )
    device = TOTPDevice.objects.get(user=programme_staff, confirmed=True)
    assert device.key == key
    codes = StaticToken.objects.filter(device__user=programme_staff)
    assert codes.count() == 10

    page = client.get(response.url)
    for code in codes:
        assertContains(page, code.token)
    assertContains(page, f'href="{ADMIN}"')
    assertRedirects(client.get(response.url), reverse("two_factor"))  # shown once
    assert client.get(ADMIN).status_code == 200  # this session passed the code


def test_the_first_code_cannot_be_used_again_to_log_in(client, member_a):
    client.force_login(member_a)
    client.get(reverse("two_factor_setup"))
    key = client.session[two_factor.SETUP_KEY_SESSION_KEY]
    code = app_code(key)
    client.post(reverse("two_factor_setup"), {"code": code})
    client.post(reverse("logout"))

    log_in(client, member_a.email)
    assertContains(enter_code(client, code), "Deze code klopt niet")


def test_set_up_again_when_on_goes_to_the_overview(client, member_a):
    with_app(member_a)
    client.force_login(member_a)
    assertRedirects(client.get(reverse("two_factor_setup")), reverse("two_factor"))


def test_overview_says_whether_it_is_on(client, member_a):
    client.force_login(member_a)
    assertContains(client.get(reverse("two_factor")), "Tweestapsverificatie staat uit.")
    with_app(member_a)
    services.replace_recovery_codes(user=member_a)
    client.force_login(member_a, verified=True)
    response = client.get(reverse("two_factor"))
    assertContains(response, "Tweestapsverificatie staat aan.")
    assertContains(response, "10 ongebruikte herstelcodes")


def test_new_recovery_codes_replace_the_old_ones(client, member_a):
    with_app(member_a)
    old = set(services.replace_recovery_codes(user=member_a))
    client.force_login(member_a, verified=True)
    response = client.post(reverse("two_factor_recovery_codes_replace"))
    assertRedirects(response, reverse("two_factor_recovery_codes"), fetch_redirect_response=False)
    assertContains(client.get(response.url), "Je herstelcodes")
    new = set(StaticToken.objects.filter(device__user=member_a).values_list("token", flat=True))
    assert len(new) == 10
    assert not old & new


def test_turning_off_asks_for_the_password(client, member_a):
    with_app(member_a)
    services.replace_recovery_codes(user=member_a)
    client.force_login(member_a, verified=True)
    url = reverse("two_factor_disable")
    assertContains(
        client.post(url, {"password": "niet-het-wachtwoord"}), "Dit wachtwoord klopt niet"
    )
    assert TOTPDevice.objects.filter(user=member_a).exists()

    assertRedirects(client.post(url, {"password": TEST_PASSWORD}), reverse("two_factor"))
    assert not TOTPDevice.objects.filter(user=member_a).exists()
    assert not StaticToken.objects.filter(device__user=member_a).exists()
    client.post(reverse("logout"))
    assertRedirects(log_in(client, member_a.email), reverse("home"))


@pytest.mark.parametrize("url_name", ["two_factor_disable", "two_factor_recovery_codes_replace"])
def test_changing_it_needs_the_code_step_first(client, member_a, url_name):
    with_app(member_a)
    client.force_login(member_a, verified=False)
    url = reverse(url_name)
    response = client.post(url, {"password": TEST_PASSWORD})
    assertRedirects(response, with_next("two_factor_login", url), fetch_redirect_response=False)
    assert TOTPDevice.objects.filter(user=member_a).exists()


def test_qr_code_holds_the_key_for_the_app(member_a):
    key = two_factor.new_key()
    uri = two_factor.unsaved_device(member_a, key).config_url
    assert uri.startswith("otpauth://totp/Wat%20Werkt%20in%20de%20Wijk")
    assert two_factor.manual_key(key).replace(" ", "") in uri
    assert two_factor.qr_code_data_uri(uri).startswith("data:image/svg+xml")


def test_a_code_matches_one_step_either_side_of_now():
    key = two_factor.new_key()
    now = time.time()
    earlier = f"{totp(bytes.fromhex(key), t0=30):06d}"  # the code of one step ago
    assert two_factor.matching_time_step(key, app_code(key)) == int(now // 30)
    assert two_factor.matching_time_step(key, earlier) is not None
    assert two_factor.matching_time_step(key, "12345") is None
    assert two_factor.matching_time_step(key, "abcdef") is None


def test_not_shown_to_others(client, member_a):
    assertNotContains(client.get(reverse("home")), "Tweestapsverificatie")


# When phone and recovery codes are both lost


def test_programme_office_unlinks_a_lost_app_in_the_admin(client, programme_staff, member_a):
    device = with_app(member_a)
    services.replace_recovery_codes(user=member_a)
    client.force_login(programme_staff)
    changelist = reverse("admin:otp_totp_totpdevice_changelist")
    assertContains(client.get(changelist), member_a.full_name)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assertRedirects(client.post(url, {"post": "yes"}), reverse("admin:index"))
    assert not two_factor.has_device(member_a)


def test_the_admin_never_shows_keys_or_codes(client, db):
    from tests.factories import UserFactory

    superuser = UserFactory(is_staff=True, is_superuser=True)
    device = with_app(superuser)
    client.force_login(superuser)
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assertNotContains(page, device.key)
    config = reverse("admin:otp_totp_totpdevice_config", args=[device.pk])
    assert client.get(config).status_code == 403
