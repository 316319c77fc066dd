"""The subsidy pages; appended to the studio app's urlpatterns (app_name "studios") by
innovation/studios/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    # subsidies
    path("subsidies/", views.SubsidyRoundListView.as_view(), name="subsidy_rounds"),
    path("subsidies/propose/", views.round_propose, name="subsidy_propose"),
    path("subsidies/<int:pk>/", views.round_detail, name="subsidy_round"),
    path("subsidies/<int:pk>/approve/", views.round_approve, name="subsidy_approve"),
    path("subsidies/<int:pk>/return/", views.round_return, name="subsidy_return"),
    path("subsidies/<int:pk>/repropose/", views.round_repropose, name="subsidy_repropose"),
    path("subsidies/lines/", views.SubsidyLineListView.as_view(), name="subsidy_lines"),
    path("subsidies/lines/<int:pk>/adjust/", views.line_adjust, name="subsidy_adjust"),
    path("subsidies/lines/<int:pk>/pay/", views.line_pay, name="subsidy_pay"),
    path("subsidies/policies/", views.SubsidyPolicyListView.as_view(), name="subsidy_policies"),
    path("subsidies/policies/new/", views.policy_create, name="subsidy_policy_create"),
]
