from django.urls import path

from budgets import views

app_name = "budgets"
urlpatterns = [
    # Rounds
    path("", views.round_list, name="round_list"),
    path("nieuw/", views.round_create, name="round_create"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/bewerken/", views.round_update, name="round_update"),
    path("<int:pk>/status/", views.round_status, name="round_status"),
    path("<int:pk>/beoordelen/", views.round_review, name="round_review"),
    # Applications
    path("<int:pk>/aanvragen/", views.application_create, name="application_create"),
    path("aanvragen/<int:pk>/", views.application_detail, name="application_detail"),
    path("aanvragen/<int:pk>/bewerken/", views.application_update, name="application_update"),
    path("aanvragen/<int:pk>/indienen/", views.application_submit, name="application_submit"),
    path(
        "aanvragen/<int:pk>/terugnemen/",
        views.application_unsubmit,
        name="application_unsubmit",
    ),
    path(
        "aanvragen/<int:pk>/intrekken/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path("aanvragen/<int:pk>/besluit/", views.application_decide, name="application_decide"),
    # The round's report
    path("<int:pk>/rapport.pdf", views.round_pdf, name="round_pdf"),
    path("<int:pk>/rapport/<uuid:result_id>/", views.round_pdf_status, name="round_pdf_status"),
    path(
        "<int:pk>/rapport/<uuid:result_id>/rapport.pdf",
        views.round_pdf_download,
        name="round_pdf_download",
    ),
    path("<int:pk>/rapport.xlsx", views.round_xlsx, name="round_xlsx"),
]
