from django.urls import path

from cohorts import (
    caseload_views,
    evidence_views,
    progression_views,
    reviews_views,
    supervision_views,
    views,
)

app_name = "cohorts"

urlpatterns = [
    path("training/", views.my_training, name="my_training"),
    path("training/calendar.ics", views.calendar_feed, name="calendar"),
    path("training/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("training/off-the-job/", views.off_the_job, name="off_the_job"),
    path(
        "training/supervision/",
        supervision_views.member_supervision,
        name="member_supervision",
    ),
    path(
        "supervision/learners/<uuid:public_id>/supervision/",
        supervision_views.learner_supervision,
        name="learner_supervision",
    ),
    path("mentor/", views.mentor_home, name="mentor_home"),
    path("mentor/cohorts/<uuid:public_id>/", views.mentor_cohort, name="mentor_cohort"),
    path("mentor/members/<uuid:public_id>/", views.mentor_member, name="mentor_member"),
    path(
        "mentor/sessions/<uuid:public_id>/register/",
        views.mentor_register,
        name="mentor_register",
    ),
    path("supervision/", views.supervision_home, name="supervision_home"),
    path(
        "supervision/learners/<uuid:public_id>/",
        views.supervision_learner,
        name="supervision_learner",
    ),
    path(
        "supervision/placements/<uuid:public_id>/",
        views.supervision_placement,
        name="supervision_placement",
    ),
    path(
        "supervision/placements/<uuid:public_id>/sign-off/",
        views.supervision_sign_off,
        name="supervision_sign_off",
    ),
    path(
        "supervision/learners/<uuid:public_id>/reviews/<uuid:review_id>/",
        reviews_views.supervision_review,
        name="supervision_review",
    ),
    path(
        "training/reviews/<uuid:review_id>/record.pdf",
        reviews_views.review_record_pdf,
        name="review_record",
    ),
    path(
        "supervision/restorative-training/",
        supervision_views.restorative_training,
        name="restorative_training",
    ),
    path("supervision/caseloads/", caseload_views.caseload_entry, name="caseload_entry"),
    path("supervision/teams/", caseload_views.team_view, name="caseload_teams"),
    # Evidence and the capability framework (issue 10)
    path("training/evidence/", evidence_views.my_evidence, name="my_evidence"),
    path("training/evidence/add/", evidence_views.my_evidence_add, name="my_evidence_add"),
    path(
        "training/evidence/<uuid:public_id>/",
        evidence_views.my_evidence_entry,
        name="my_evidence_entry",
    ),
    path(
        "training/evidence/<uuid:public_id>/edit/",
        evidence_views.my_evidence_edit,
        name="my_evidence_edit",
    ),
    path("evidence/<uuid:public_id>/file/", evidence_views.evidence_file, name="evidence_file"),
    path(
        "supervision/learners/<uuid:public_id>/evidence/",
        evidence_views.learner_evidence,
        name="learner_evidence",
    ),
    path(
        "supervision/learners/<uuid:public_id>/evidence/<uuid:entry_id>/",
        evidence_views.learner_evidence_entry,
        name="learner_evidence_entry",
    ),
    path("partner/", views.partner_home, name="partner_home"),
    path("partner/learners.csv", views.partner_export, name="partner_export"),
    path("my-development/", progression_views.my_development, name="my_development"),
]
