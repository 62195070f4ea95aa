from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api.endpoints import api
from wwidw import health, help_views, views
from wwidw.forms import QueuedPasswordResetForm

admin.site.site_header = _("Wat Werkt in de Wijk: administration")
admin.site.site_title = _("WWidW administration")
admin.site.index_title = _("Programme office")
admin.site.login = views.admin_login

account_patterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("inloggen/code/", views.two_factor_login, name="two_factor_login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord-vergeten/",
        views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("wachtwoord-wijzigen/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "wachtwoord-wijzigen/klaar/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("tweestapsverificatie/", views.two_factor_overview, name="two_factor"),
    path("tweestapsverificatie/instellen/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "tweestapsverificatie/herstelcodes/",
        views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path(
        "tweestapsverificatie/herstelcodes/nieuw/",
        views.two_factor_recovery_codes_replace,
        name="two_factor_recovery_codes_replace",
    ),
    path("tweestapsverificatie/uitzetten/", views.two_factor_disable, name="two_factor_disable"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("begrippen/", help_views.glossary, name="glossary"),
    path("zo-werkt-het/", help_views.how_it_works, name="how_it_works"),
    path("mijn-organisatie/", views.my_organisation, name="my_organisation"),
    path(
        "organisaties/<slug:slug>/",
        views.organisation_dashboard,
        name="organisation_dashboard",
    ),
    path(
        "organisaties/<slug:slug>/leden/",
        views.organisation_members,
        name="organisation_members",
    ),
    path(
        "organisaties/<slug:slug>/ledenwijzigingen/",
        views.membership_change_list,
        name="membership_change_list",
    ),
    path(
        "organisaties/<slug:slug>/leden/uitnodigen/",
        views.invitation_create,
        name="invitation_create",
    ),
    path(
        "organisaties/<slug:slug>/uitnodigingen/<int:pk>/intrekken/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisaties/<slug:slug>/uitnodigingen/<int:pk>/opnieuw/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "organisaties/<slug:slug>/uitnodiging/<str:token>/",
        views.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "organisaties/<slug:slug>/leden/<int:pk>/beeindigen/",
        views.membership_end,
        name="membership_end",
    ),
    path("", include("api.urls")),
    path("account/", include(account_patterns)),
    path("kennisbank/", include("interventions.urls")),
    path("kennisbank/", include("conversation.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("leefbaarheidsbudget/", include("budgets.urls")),
    path("archetypen/", include("archetypes.urls")),
    path("bijeenkomsten/", include("events.urls")),
    path("volgen/", include("conversation.follow_urls")),
    path("taal/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("beheer/", admin.site.urls),
]
