from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/progress/", views.plan_progress, name="progress"),
    path("<int:pk>/snapshots/", views.plan_snapshots, name="snapshots"),
    path("<int:pk>/revise/", views.plan_revise, name="revise"),
    path("<int:pk>/versions/<int:number>/changes/", views.version_diff, name="diff"),
    path("<int:pk>/versions/<int:number>/file/", views.version_file, name="version_file"),
]
