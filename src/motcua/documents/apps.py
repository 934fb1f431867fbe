from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    verbose_name = "Biểu mẫu, văn bản"
