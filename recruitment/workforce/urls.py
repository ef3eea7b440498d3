from django.urls import path

from recruitment.workforce import report_views, views

urlpatterns = [
    path("", views.workforce_home, name="workforce"),
    # Before the sections' pattern, which would take "reports" for a section.
    path("reports/", report_views.board_reports, name="workforce_reports"),
    path("reports/<uuid:pk>/", report_views.board_report, name="workforce_report"),
    path(
        "reports/<uuid:pk>/download/",
        report_views.board_report_download,
        name="workforce_report_download",
    ),
    path("<slug:slug>/", views.workforce_section, name="workforce_section"),
    path("<slug:slug>/<slug:table>.csv", views.workforce_csv, name="workforce_csv"),
]
