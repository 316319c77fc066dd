from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "innovation.notifications"
    verbose_name = "站内通知"
