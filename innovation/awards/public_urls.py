from django.urls import path

from . import views_public

app_name = "public"

# The public notice (no login): /notices/, /notices/<pk>/, and its objection form.
urlpatterns = [
    path("", views_public.notice_list, name="notices"),
    path("<int:pk>/", views_public.notice_detail, name="notice"),
    path("<int:pk>/objection/", views_public.objection, name="objection"),
]
