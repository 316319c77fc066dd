from django.urls import path

from .views import calendar, orders, teams

app_name = "volunteer"

urlpatterns = [
    path("teams/", teams.TeamListView.as_view(), name="teams"),
    path("teams/new/", teams.team_new, name="team_new"),
    path("teams/<int:pk>/", teams.team_detail, name="team"),
    path("teams/<int:pk>/edit/", teams.team_edit, name="team_edit"),
    path("teams/<int:pk>/members/", teams.member_add, name="member_add"),
    path("teams/<int:pk>/members/<int:member_pk>/leave/", teams.member_leave, name="member_leave"),
    path("orders/", orders.OrderListView.as_view(), name="orders"),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/days/<int:pk>/delete/", calendar.calendar_day_delete, name="calendar_day_delete"),
]
