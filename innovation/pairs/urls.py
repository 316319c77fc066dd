from django.urls import path

from .views import agreements, benefits, policy, progress, selections

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
    path("benefits/", benefits.PairBenefitListView.as_view(), name="benefits"),
    path("<int:pk>/benefits/", benefits.benefit_add, name="benefit_add"),
    path("<int:pk>/benefits/<int:bpk>/verify/", benefits.benefit_verify, name="benefit_verify"),
    # The selections (评选): the call, nominations, scoring, ranking, decision, notice, awards.
    path("selections/", selections.SelectionListView.as_view(), name="selections"),
    path("selections/new/", selections.selection_new, name="selection_new"),
    path("selections/<int:pk>/", selections.selection_detail, name="selection"),
    path("selections/<int:pk>/step/", selections.selection_step, name="selection_step"),
    path("selections/<int:pk>/action/", selections.selection_action, name="selection_action"),
    path("selections/<int:pk>/nominate/", selections.nominate, name="nominate"),
    path("selections/<int:pk>/objection/", selections.objection, name="objection"),
    path("nominations/", selections.NominationListView.as_view(), name="nominations"),
    path("nominations/<int:pk>/", selections.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/step/", selections.nomination_step, name="nomination_step"),
    path("objections/<int:pk>/answer/", selections.objection_answer, name="objection_answer"),
    path("scores/", selections.PairScoreListView.as_view(), name="scores"),
    path("scores/<int:pk>/", selections.score_sheet, name="score"),
    path("awards/", selections.PairAwardListView.as_view(), name="awards"),
    path("awards/<int:pk>/", selections.award_detail, name="award"),
    path("awards/<int:pk>/certificate.pdf", selections.award_certificate, name="award_certificate"),
]
