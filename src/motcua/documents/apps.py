from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    verbose_name = _("Biểu mẫu, văn bản")

    def ready(self):
        from motcua.core import orphan_files, periodic
        from motcua.documents import heavy  # noqa: F401  (registers the background producers)
        from motcua.documents.signing import sign_results, signed_copy_names
        from motcua.documents.tasks import remove_expired_documents
        from motcua.dossiers import result_signing

        result_signing.register(sign_results)
        orphan_files.register_derived(signed_copy_names)

        periodic.register("remove_expired_documents", remove_expired_documents, minutes=60)
