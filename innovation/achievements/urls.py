from django.urls import include, path

from . import views

app_name = "achievements"

urlpatterns = [
    path("", views.AchievementListView.as_view(), name="list"),
    path("new/", views.achievement_edit, name="create"),
    path("bulk/", views.bulk_action, name="bulk"),
    path("benefits/", views.benefit_summary, name="benefits"),
    path("<int:pk>/", views.achievement_detail, name="detail"),
    path("<int:pk>/edit/", views.achievement_edit, name="edit"),
    path("<int:pk>/autosave/", views.achievement_autosave, name="autosave"),
    path("<int:pk>/step/", views.achievement_step, name="step"),
    path("<int:pk>/recheck/", views.achievement_recheck, name="recheck"),
    path("duplicates/", views.DuplicatePairListView.as_view(), name="duplicates"),
    path("duplicates/<int:pk>/verdict/", views.pair_verdict, name="pair_verdict"),
    path("<int:pk>/benefit/", views.benefit_verify, name="benefit_verify"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/", views.attachment_delete, name="attachment_delete"
    ),
    path("campaigns/", views.CampaignListView.as_view(), name="campaigns"),
    path("campaigns/new/", views.campaign_edit, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("demonstration-posts/", views.DemonstrationPostListView.as_view(), name="demo_posts"),
    path("demonstration-posts/print/", views.demo_posts_print, name="demo_posts_print"),
    path("import/", include("innovation.achievements.import_urls")),
]
