"""The naming pages (recording a naming, members, lineage, plaques and their public check, the
applications); appended to the studio app's urlpatterns (app_name "studios") by
innovation/studios/urls.py."""

from django.urls import path

from . import application_views, views

urlpatterns = [
    path("record/", views.record_naming, name="record_naming"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/leave/", views.member_leave, name="member_leave"),
    path("<int:pk>/lineage/", views.lineage_edit, name="lineage_edit"),
    path("lineage/", views.lineage_stats, name="lineage_stats"),
    path("namings/<int:naming_pk>/plaque.pdf", views.plaque_view, name="plaque"),
    # Public (no login): the plaque's verification code. One name, two shapes, like verify:check.
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("applications/", application_views.ApplicationListView.as_view(), name="applications"),
    path("applications/new/", application_views.application_edit, name="application_create"),
    path("applications/<int:pk>/", application_views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", application_views.application_edit, name="application_edit"),
    path("applications/<int:pk>/step/", application_views.application_step, name="application_step"),
]
