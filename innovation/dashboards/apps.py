from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "innovation.dashboards"
    label = "dashboards"
    verbose_name = "数据看板"
