from django.urls import path

from . import views, views_applications
from .urls_more import urlpatterns as more_urlpatterns

app_name = "studios"

urlpatterns = [
    path("", views.StudioListView.as_view(), name="list"),
    path("stats/", views.studio_stats, name="stats"),
    path("lineage/", views.lineage_stats, name="lineage_stats"),
    path("incubated/", views.IncubatedListView.as_view(), name="incubated"),
    path("record/", views.record_naming, name="record_naming"),
    path("<int:pk>/", views.studio_detail, name="detail"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/leave/", views.member_leave, name="member_leave"),
    path("<int:pk>/lineage/", views.lineage_edit, name="lineage_edit"),
    path("namings/<int:naming_pk>/plaque.pdf", views.plaque_view, name="plaque"),
    # Public (no login): the plaque's verification code. One name, two shapes, like verify:check.
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("applications/", views_applications.ApplicationListView.as_view(), name="applications"),
    path("applications/new/", views_applications.application_edit, name="application_create"),
    path("applications/<int:pk>/", views_applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views_applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/step/", views_applications.application_step, name="application_step"),
]

urlpatterns += more_urlpatterns
