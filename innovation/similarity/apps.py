from django.apps import AppConfig


class SimilarityConfig(AppConfig):
    name = "innovation.similarity"
    label = "similarity"
    verbose_name = "成果查重"
