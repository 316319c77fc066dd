from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("new/", views.project_new, name="new"),
    path("benefit/", views.benefit_overview, name="benefit"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/step/<slug:step>/", views.project_step, name="step"),
    path("<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("<int:pk>/milestones/<int:mpk>/done/", views.milestone_done, name="milestone_done"),
    path("<int:pk>/experts/", views.expert_add, name="expert_add"),
    path("<int:pk>/funds/", views.funds_add, name="funds_add"),
    path("<int:pk>/funds/<int:spk>/pay/", views.funds_pay, name="funds_pay"),
    path("<int:pk>/verify/", views.benefit_verify, name="verify"),
    path("<int:pk>/file/", views.project_file, name="file"),
]
