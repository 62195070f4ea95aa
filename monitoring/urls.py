from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    # Reading and entering the figures: views/views.py
    path("<int:pk>/", views.monitoring_detail, name="detail"),
    path("<int:pk>/opzet/", views.monitoring_plan, name="plan"),
    path("<int:pk>/periodes/", views.monitoring_periods, name="periods"),
    path("<int:pk>/kosten/", views.monitoring_costs, name="costs"),
    path("<int:pk>/resultaten/", views.monitoring_results, name="results"),
    path("<int:pk>/maatschappelijke-waarde/", views.monitoring_outcomes, name="outcomes"),
    path("<int:pk>/effecten/", views.monitoring_effects, name="effects"),
    path("<int:pk>/beginnen/", views.monitoring_start, name="start"),
    path("<int:pk>/importeren/", views.monitoring_import, name="import"),
    path(
        "<int:pk>/importeren/bevestigen/", views.monitoring_import_confirm, name="import_confirm"
    ),
    path(
        "<int:pk>/importeren/<uuid:result_id>/",
        views.monitoring_import_status,
        name="import_status",
    ),
    # History: views/views.py
    path("<int:pk>/geschiedenis/", views.monitoring_history, name="history"),
    path(
        "<int:pk>/geschiedenis/<int:version_id>/terugzetten/",
        views.monitoring_restore,
        name="restore",
    ),
    # Reports: views/views.py
    path("<int:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/cijfers.xlsx", views.export_xlsx, name="export_xlsx"),
    path("organisatie/<slug:slug>/rapport.pdf", views.portfolio_pdf, name="portfolio_pdf"),
    path(
        "organisatie/<slug:slug>/rapport/<uuid:result_id>/",
        views.portfolio_pdf_status,
        name="portfolio_pdf_status",
    ),
    path(
        "organisatie/<slug:slug>/rapport/<uuid:result_id>/rapport.pdf",
        views.portfolio_pdf_download,
        name="portfolio_pdf_download",
    ),
    path("organisatie/<slug:slug>/cijfers.xlsx", views.portfolio_xlsx, name="portfolio_xlsx"),
]
