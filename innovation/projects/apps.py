from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "innovation.projects"
    label = "projects"
    verbose_name = "技术攻关"
