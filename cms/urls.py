from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("theme.css", views.theme_css, name="theme_css"),
]
