from django.urls import path

from interventions.views import browse, compare, drafts, edit, imports, read

app_name = "interventions"
urlpatterns = [
    # Finding: views/browse.py
    path("", browse.intervention_list, name="list"),
    path("export.csv", browse.intervention_export_csv, name="export_csv"),
    path("export.xlsx", browse.intervention_export_xlsx, name="export_xlsx"),
    # Writing: views/edit.py
    path("nieuw/", edit.intervention_create, name="create"),
    path("<int:pk>/bewerken/", edit.intervention_update, name="update"),
    path("<int:pk>/publiceren/", edit.intervention_publish, name="publish"),
    path("<int:pk>/concept/", edit.intervention_unpublish, name="unpublish"),
    path("<int:pk>/archiveren/", edit.intervention_archive, name="archive"),
    path("<int:pk>/terughalen/", edit.intervention_unarchive, name="unarchive"),
    path("<int:pk>/rapport/", edit.intervention_report, name="report"),
    # Unsaved work in the form: views/drafts.py
    path("nieuw/kladversie/", drafts.draft_save, name="draft_save_new"),
    path("nieuw/kladversie/weggooien/", drafts.draft_discard, name="draft_discard_new"),
    path("<int:pk>/kladversie/", drafts.draft_save, name="draft_save"),
    path("<int:pk>/kladversie/weggooien/", drafts.draft_discard, name="draft_discard"),
    # Reading: views/read.py
    path("<int:pk>/", read.intervention_detail, name="detail"),
    path("<int:pk>/pdf/", read.intervention_pdf, name="pdf"),
    path("<int:pk>/geschiedenis/", read.intervention_history, name="history"),
    path("<int:pk>/geschiedenis/vergelijk/", read.intervention_diff, name="diff"),
    path(
        "<int:pk>/geschiedenis/<int:version_id>/terugzetten/",
        read.intervention_restore,
        name="restore",
    ),
    path("vergelijken/", compare.intervention_compare, name="compare"),
    # Importing from a spreadsheet: views/imports.py
    path("importeren/", imports.import_start, name="import_start"),
    path("importeren/sjabloon.xlsx", imports.import_template_xlsx, name="import_template_xlsx"),
    path("importeren/sjabloon.csv", imports.import_template_csv, name="import_template_csv"),
    path("importeren/export.xlsx", imports.import_export_xlsx, name="import_export_xlsx"),
    path("importeren/geschiedenis/", imports.import_list, name="import_list"),
    path("importeren/<int:pk>/", imports.import_detail, name="import_detail"),
    path("importeren/<int:pk>/importeren/", imports.import_run, name="import_run"),
    path("importeren/<int:pk>/bestand/", imports.import_file, name="import_file"),
    path("<int:pk>.json", read.intervention_json, name="json"),
]
