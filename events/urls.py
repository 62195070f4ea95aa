from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("", views.session_list, name="list"),
    path("mijn-aanmeldingen/", views.my_registrations, name="my_registrations"),
    path("agenda-abonneren/", views.calendar_subscription, name="calendar_subscription"),
    path("agenda/<str:key>.ics", views.calendar_feed, name="calendar_feed"),
    path("<slug:slug>/", views.session_detail, name="detail"),
    path("<slug:slug>/aanmelden/", views.session_register, name="register"),
    path("<slug:slug>/afmelden/", views.session_cancel, name="cancel"),
    path("<slug:slug>/agenda.ics", views.session_ical, name="ical"),
]
