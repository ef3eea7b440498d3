from django.urls import include, path

from recruitment import interview_views, offer_views, reference_views, views
from recruitment.workforce import urls as workforce_urls

app_name = "recruitment"

urlpatterns = [
    path("workforce/", include(workforce_urls.urlpatterns)),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/apply/<id:vacancy_id>/", views.apply, name="apply"),
    path("applications/<uuid:pk>/", views.application_detail, name="application"),
    path("applications/<uuid:pk>/check/", views.check, name="check"),
    path("applications/<uuid:pk>/submitted/", views.confirmation, name="confirmation"),
    path("applications/<uuid:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<uuid:pk>/delete/", views.delete_draft, name="delete"),
    path("applications/<uuid:pk>/employment/", views.employment, name="employment"),
    path("applications/<uuid:pk>/employment/add/", views.employment_entry, name="employment_add"),
    path(
        "applications/<uuid:pk>/employment/<uuid:entry_id>/",
        views.employment_entry,
        name="employment_change",
    ),
    path(
        "applications/<uuid:pk>/employment/<uuid:entry_id>/remove/",
        views.employment_remove,
        name="employment_remove",
    ),
    path("applications/<uuid:pk>/referees/", views.referees, name="referees"),
    path("applications/<uuid:pk>/cv/", views.cv, name="cv"),
    path("applications/<uuid:pk>/cv/download/", views.cv_download, name="cv_download"),
    path("applications/<uuid:pk>/equality/", views.equality, name="equality"),
    path("applications/<uuid:pk>/interview/", interview_views.interview, name="interview"),
    path(
        "applications/<uuid:pk>/interview/cancel/",
        interview_views.interview_cancel,
        name="interview_cancel",
    ),
    # Offers (before the sections' catch-all)
    path("applications/<uuid:pk>/offer/", offer_views.offer, name="offer"),
    path("applications/<uuid:pk>/offer/letter/", offer_views.offer_letter, name="offer_letter"),
    path("applications/<uuid:pk>/offer/accept/", offer_views.offer_accept, name="offer_accept"),
    path("applications/<uuid:pk>/offer/decline/", offer_views.offer_decline, name="offer_decline"),
    path("applications/<uuid:pk>/<slug:slug>/", views.section, name="section"),
    path("interviews/", interview_views.my_interviews, name="my_interviews"),
    path("interviews/<uuid:pk>/", interview_views.panel_interview, name="panel_interview"),
    path("interviews/<uuid:pk>/scorecard/", interview_views.scorecard, name="scorecard"),
    path("my-data/", views.my_data_page, name="my_data"),
    path("my-data/my-data.json", views.my_data_json, name="my_data_json"),
    path("my-data/pdf/", views.my_data_pdf_request, name="my_data_pdf_request"),
    path("my-data/pdf/<uuid:pk>/", views.my_data_pdf, name="my_data_pdf"),
    # References: the referee's pages, reached by a signed link, no account.
    path("references/<str:token>/", reference_views.reference, name="reference"),
    path(
        "references/<str:token>/decline/",
        reference_views.reference_decline,
        name="reference_decline",
    ),
    path("references/<str:token>/done/", reference_views.reference_done, name="reference_done"),
]
