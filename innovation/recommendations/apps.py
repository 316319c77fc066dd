from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "innovation.recommendations"
    label = "recommendations"
    verbose_name = "向上推荐"
