from django.urls import path

from . import views

app_name = "volunteer"

urlpatterns = [
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/days/<int:pk>/delete/", views.calendar_day_delete, name="calendar_day_delete"),
]
