from django.urls import path

from .views import agreements, policy, progress

app_name = "pairs"

urlpatterns = [
    path("", agreements.AgreementListView.as_view(), name="list"),
    path("new/", agreements.agreement_new, name="new"),
    path("cap/", policy.cap_policies, name="cap_policies"),
    path("<int:pk>/", agreements.agreement_detail, name="detail"),
    path("<int:pk>/edit/", agreements.agreement_edit, name="edit"),
    path("<int:pk>/step/", agreements.agreement_step, name="step"),
    path("<int:pk>/sign/", agreements.party_sign, name="sign"),
    path("<int:pk>/targets/", agreements.target_add, name="target_add"),
    path("<int:pk>/targets/<int:target>/remove/", agreements.target_remove, name="target_remove"),
    path("<int:pk>/revise/", agreements.agreement_revise, name="revise"),
    path("<int:pk>/teaching/", progress.teaching_add, name="teaching_add"),
    path("<int:pk>/trainings/", progress.training_add, name="training_add"),
    path("<int:pk>/skill-levels/", progress.skill_change_add, name="skill_change_add"),
    path("<int:pk>/patents/", progress.patent_add, name="patent_add"),
    path("<int:pk>/joint-achievements/", progress.joint_link, name="joint_link"),
]
