from django.urls import path

from .views import contests, items, notice, packages

app_name = "recommendations"

urlpatterns = [
    path("", items.RecommendationListView.as_view(), name="list"),
    path("<int:pk>/", items.detail, name="detail"),
    path("<int:pk>/step/<slug:step>/", items.step, name="step"),
    path("<int:pk>/result/", items.result, name="result"),
    path("contests/", contests.contest_list, name="contests"),
    path("contests/new/", contests.contest_new, name="contest_new"),
    path("contests/<int:pk>/", contests.contest_detail, name="contest"),
    path("contests/<int:pk>/candidates/", contests.candidates, name="candidates"),
    path("contests/<int:pk>/notice/publish/", contests.publish_notice, name="publish_notice"),
    path("contests/<int:pk>/package/", packages.packages, name="packages"),
    path("contests/<int:pk>/results/", packages.result_import, name="result_import"),
    path("contests/<int:pk>/results/template/", packages.result_template, name="result_template"),
    path("packages/<int:pk>/progress/", packages.package_progress, name="package_progress"),
    path("packages/<int:pk>/download/", packages.package_download, name="package_download"),
    path("objections/", notice.objections, name="objections"),
    path("objections/<int:pk>/answer/", notice.answer, name="answer"),
    # The public notice of a contest's recommendation list (no login).
    path("notice/<int:pk>/", notice.notice, name="notice"),
    path("notice/<int:pk>/objection/", notice.objection, name="notice_objection"),
]
