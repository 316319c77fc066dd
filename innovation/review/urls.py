from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.my_tasks, name="my"),
    path("<int:pk>/", views.score_sheet, name="score"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("progress/", views.progress, name="progress"),
    path("ranking/", views.ranking_index, name="ranking_index"),
    path("ranking/<int:campaign_id>/", views.RankingView.as_view(), name="ranking"),
    path("ranking/<int:campaign_id>/compute/", views.compute, name="compute"),
    path("ranking/<int:campaign_id>/close-scoring/", views.close_scoring, name="close_scoring"),
    path("ranking/<int:campaign_id>/items/<int:achievement_id>/", views.item_result, name="item"),
]
