from django.urls import path

from monitoring.views import budgets, reports

app_name = "budgets"
urlpatterns = [
    # Rounds: views/budgets.py
    path("", budgets.round_list, name="round_list"),
    path("nieuw/", budgets.round_create, name="round_create"),
    path("<int:pk>/", budgets.round_detail, name="round_detail"),
    path("<int:pk>/bewerken/", budgets.round_update, name="round_update"),
    path("<int:pk>/status/", budgets.round_status, name="round_status"),
    path("<int:pk>/beoordelen/", budgets.round_review, name="round_review"),
    # Applications: views/budgets.py
    path("<int:pk>/aanvragen/", budgets.application_create, name="application_create"),
    path("aanvragen/<int:pk>/", budgets.application_detail, name="application_detail"),
    path("aanvragen/<int:pk>/bewerken/", budgets.application_update, name="application_update"),
    path("aanvragen/<int:pk>/indienen/", budgets.application_submit, name="application_submit"),
    path(
        "aanvragen/<int:pk>/terugnemen/",
        budgets.application_unsubmit,
        name="application_unsubmit",
    ),
    path(
        "aanvragen/<int:pk>/intrekken/",
        budgets.application_withdraw,
        name="application_withdraw",
    ),
    path("aanvragen/<int:pk>/besluit/", budgets.application_decide, name="application_decide"),
    # The round's report: views/reports.py
    path("<int:pk>/rapport.pdf", reports.round_pdf, name="round_pdf"),
    path("<int:pk>/rapport/<uuid:result_id>/", reports.round_pdf_status, name="round_pdf_status"),
    path(
        "<int:pk>/rapport/<uuid:result_id>/rapport.pdf",
        reports.round_pdf_download,
        name="round_pdf_download",
    ),
    path("<int:pk>/rapport.xlsx", reports.round_xlsx, name="round_xlsx"),
]
