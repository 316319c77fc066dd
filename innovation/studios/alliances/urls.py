"""The alliance pages; appended to the studio app's urlpatterns (app_name "studios") by
innovation/studios/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    # alliances
    path("alliances/", views.AllianceListView.as_view(), name="alliances"),
    path("alliances/new/", views.alliance_edit, name="alliance_create"),
    path("alliances/<int:pk>/", views.alliance_detail, name="alliance_detail"),
    path("alliances/<int:pk>/edit/", views.alliance_edit, name="alliance_edit"),
    path("alliances/<int:pk>/projects/new/", views.project_edit, name="alliance_project_add"),
    path(
        "alliances/<int:pk>/projects/<int:project_pk>/edit/",
        views.project_edit,
        name="alliance_project_edit",
    ),
    path(
        "alliances/<int:pk>/projects/<int:project_pk>/delete/",
        views.project_delete,
        name="alliance_project_delete",
    ),
]
