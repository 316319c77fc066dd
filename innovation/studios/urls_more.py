"""Yearly reports, assessment and revocation, subsidies and alliances; appended to the studio
app's urlpatterns (app_name "studios") by innovation/studios/urls.py."""

from django.urls import path

from . import views_alliances, views_reports, views_subsidies

urlpatterns = [
    # yearly reports
    path("reports/", views_reports.YearReportListView.as_view(), name="reports"),
    path("reports/new/", views_reports.report_start, name="report_start"),
    path("reports/edit/<int:studio>/<int:year>/", views_reports.report_edit, name="report_edit"),
    path("reports/<int:pk>/", views_reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/submit/", views_reports.report_submit, name="report_submit"),
    path("reports/<int:pk>/verify/", views_reports.report_verify, name="report_verify"),
    path("reports/<int:pk>/return/", views_reports.report_return, name="report_return"),
    # assessment and revocation
    path("assessments/", views_reports.AssessmentListView.as_view(), name="assessments"),
    path("assessments/run/", views_reports.assessment_run, name="assessment_run"),
    path("assessments/<int:pk>/", views_reports.assessment_detail, name="assessment_detail"),
    path("assessments/rubrics/", views_reports.rubrics, name="rubrics"),
    path("assessments/rubrics/new/", views_reports.rubric_create, name="rubric_create"),
    path("revocations/", views_reports.revocations, name="revocations"),
    path("revocations/<int:pk>/", views_reports.revoke, name="revoke"),
    # the studio page's lower part (loaded into studios/detail by _detail_more.html)
    path("<int:pk>/more/", views_reports.detail_more, name="detail_more"),
    # subsidies
    path("subsidies/", views_subsidies.SubsidyRoundListView.as_view(), name="subsidy_rounds"),
    path("subsidies/propose/", views_subsidies.round_propose, name="subsidy_propose"),
    path("subsidies/<int:pk>/", views_subsidies.round_detail, name="subsidy_round"),
    path("subsidies/<int:pk>/approve/", views_subsidies.round_approve, name="subsidy_approve"),
    path("subsidies/<int:pk>/return/", views_subsidies.round_return, name="subsidy_return"),
    path("subsidies/<int:pk>/repropose/", views_subsidies.round_repropose, name="subsidy_repropose"),
    path("subsidies/lines/", views_subsidies.SubsidyLineListView.as_view(), name="subsidy_lines"),
    path("subsidies/lines/<int:pk>/adjust/", views_subsidies.line_adjust, name="subsidy_adjust"),
    path("subsidies/lines/<int:pk>/pay/", views_subsidies.line_pay, name="subsidy_pay"),
    path("subsidies/policies/", views_subsidies.SubsidyPolicyListView.as_view(), name="subsidy_policies"),
    path("subsidies/policies/new/", views_subsidies.policy_create, name="subsidy_policy_create"),
    # alliances
    path("alliances/", views_alliances.AllianceListView.as_view(), name="alliances"),
    path("alliances/new/", views_alliances.alliance_edit, name="alliance_create"),
    path("alliances/<int:pk>/", views_alliances.alliance_detail, name="alliance_detail"),
    path("alliances/<int:pk>/edit/", views_alliances.alliance_edit, name="alliance_edit"),
    path("alliances/<int:pk>/projects/new/", views_alliances.project_edit, name="alliance_project_add"),
    path(
        "alliances/<int:pk>/projects/<int:project_pk>/edit/",
        views_alliances.project_edit,
        name="alliance_project_edit",
    ),
    path(
        "alliances/<int:pk>/projects/<int:project_pk>/delete/",
        views_alliances.project_delete,
        name="alliance_project_delete",
    ),
]
