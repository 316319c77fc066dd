from django.urls import path

from . import views
from .urls_extra import urlpatterns as extra_urlpatterns

app_name = "awards"

# Decisions, notices, objections and awards (views.py); certificates and the May-Day quota
# come from urls_extra.
urlpatterns: list = [
    path("", views.AwardListView.as_view(), name="list"),
    path("<int:pk>/", views.award_detail, name="detail"),
    path("decisions/", views.DecisionListView.as_view(), name="decisions"),
    path("decisions/propose/", views.decision_propose, name="decision_propose"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/repropose/", views.decision_repropose, name="decision_repropose"),
    path("decisions/<int:pk>/adjust/", views.decision_adjust, name="decision_adjust"),
    path("decisions/<int:pk>/approve/", views.decision_approve, name="decision_approve"),
    path("decisions/<int:pk>/return/", views.decision_return, name="decision_return"),
    path("decisions/<int:pk>/publish/", views.decision_publish, name="decision_publish"),
    path("decisions/<int:pk>/finalise/", views.decision_finalise, name="decision_finalise"),
    path("decisions/<int:pk>/budget-line/", views.decision_budget_line, name="decision_budget_line"),
    path("notices/", views.NoticeListView.as_view(), name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/objection/", views.objection_new, name="objection_new"),
    path("objections/", views.ObjectionListView.as_view(), name="objections"),
    path("objections/<int:pk>/answer/", views.objection_answer, name="objection_answer"),
    path("objections/<int:pk>/attachment/", views.objection_attachment, name="objection_attachment"),
    *extra_urlpatterns,
]
