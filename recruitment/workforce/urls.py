from django.urls import path

from recruitment.workforce import views

urlpatterns = [
    path("", views.workforce_home, name="workforce"),
    path("<slug:slug>/", views.workforce_section, name="workforce_section"),
    path("<slug:slug>/<slug:table>.csv", views.workforce_csv, name="workforce_csv"),
]
