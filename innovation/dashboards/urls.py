from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("home/", views.home_fragment, name="home_fragment"),
    path("report-figures/", views.report, name="report_figures"),
]
