# Routes of the Excel import (views_import.py) are added with it.
urlpatterns: list = []
