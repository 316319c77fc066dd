from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("", views.ExpertListView.as_view(), name="list"),
    path("new/", views.expert_edit, name="create"),
    path("import/", views.expert_import, name="import"),
    path("my/", views.my_page, name="my"),
    path("<int:pk>/", views.expert_detail, name="detail"),
    path("<int:pk>/edit/", views.expert_edit, name="edit"),
    path("<int:pk>/conflicts/", views.conflict_add, name="conflict_add"),
    path("<int:pk>/conflicts/<int:conflict_pk>/delete/", views.conflict_delete, name="conflict_delete"),
    path("<int:pk>/availability/", views.availability_set, name="availability"),
    path("assignments/", views.AssignmentListView.as_view(), name="assignments"),
    path("assignments/<int:pk>/override/", views.assignment_override, name="override"),
    path("assignments/<int:pk>/decline/", views.assignment_decline, name="decline"),
]
