from django.urls import path

from monitoring.views import history, pages, reports

app_name = "monitoring"
urlpatterns = [
    # Reading and entering the figures: views/pages.py
    path("<int:pk>/", pages.monitoring_detail, name="detail"),
    path("<int:pk>/opzet/", pages.monitoring_plan, name="plan"),
    path("<int:pk>/periodes/", pages.monitoring_periods, name="periods"),
    path("<int:pk>/kosten/", pages.monitoring_costs, name="costs"),
    path("<int:pk>/resultaten/", pages.monitoring_results, name="results"),
    path("<int:pk>/maatschappelijke-waarde/", pages.monitoring_outcomes, name="outcomes"),
    path("<int:pk>/beginnen/", pages.monitoring_start, name="start"),
    # History: views/history.py
    path("<int:pk>/geschiedenis/", history.monitoring_history, name="history"),
    path(
        "<int:pk>/geschiedenis/<int:version_id>/terugzetten/",
        history.monitoring_restore,
        name="restore",
    ),
    # Reports: views/reports.py
    path("<int:pk>/rapport.pdf", reports.report_pdf, name="report_pdf"),
    path("<int:pk>/cijfers.xlsx", reports.export_xlsx, name="export_xlsx"),
    path("organisatie/<slug:slug>/rapport.pdf", reports.portfolio_pdf, name="portfolio_pdf"),
    path(
        "organisatie/<slug:slug>/rapport/<uuid:result_id>/",
        reports.portfolio_pdf_status,
        name="portfolio_pdf_status",
    ),
    path(
        "organisatie/<slug:slug>/rapport/<uuid:result_id>/rapport.pdf",
        reports.portfolio_pdf_download,
        name="portfolio_pdf_download",
    ),
    path("organisatie/<slug:slug>/cijfers.xlsx", reports.portfolio_xlsx, name="portfolio_xlsx"),
]
