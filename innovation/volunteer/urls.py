from django.urls import path

from .views import calendar, mine, order_record, orders, teams

app_name = "volunteer"

urlpatterns = [
    path("teams/", teams.TeamListView.as_view(), name="teams"),
    path("teams/new/", teams.team_new, name="team_new"),
    path("teams/<int:pk>/", teams.team_detail, name="team"),
    path("teams/<int:pk>/edit/", teams.team_edit, name="team_edit"),
    path("teams/<int:pk>/members/", teams.member_add, name="member_add"),
    path("teams/<int:pk>/members/<int:member_pk>/leave/", teams.member_leave, name="member_leave"),
    path("orders/", orders.OrderListView.as_view(), name="orders"),
    path("orders/new/", orders.order_new, name="order_new"),
    path("orders/overdue/", orders.OverdueListView.as_view(), name="orders_overdue"),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path("orders/<int:pk>/step/<slug:step>/", orders.order_step, name="order_step"),
    path("orders/<int:pk>/attachments/", orders.attachment_upload, name="order_attachment_add"),
    path("orders/<int:pk>/attachments/<int:apk>/", orders.attachment_download, name="order_attachment"),
    path("orders/<int:pk>/visits/", order_record.visit_add, name="order_visit_add"),
    path("orders/<int:pk>/trainings/", order_record.training_add, name="order_training_add"),
    path("orders/<int:pk>/pause/", order_record.pause_start, name="order_pause"),
    path("orders/<int:pk>/resume/", order_record.pause_end, name="order_resume"),
    path("orders/<int:pk>/expenses/", order_record.expense_propose, name="order_expense_add"),
    path(
        "orders/<int:pk>/expenses/<int:epk>/step/<slug:step>/",
        order_record.expense_step,
        name="order_expense_step",
    ),
    path("orders/<int:pk>/expenses/<int:epk>/pay/", order_record.expense_pay, name="order_expense_pay"),
    path("mine/", mine.my_service, name="mine"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/days/<int:pk>/delete/", calendar.calendar_day_delete, name="calendar_day_delete"),
]
