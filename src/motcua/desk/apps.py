from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "motcua.desk"
    verbose_name = "Bộ phận một cửa"
