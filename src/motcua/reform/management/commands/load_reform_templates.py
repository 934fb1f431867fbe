from django.core.management.base import BaseCommand

from motcua.reform import models, shipped


class Command(BaseCommand):
    help = "Nạp mẫu danh mục kiểm tra mặc định và bộ chỉ số CCHC mẫu (không ghi đè dữ liệu đã có)."

    def handle(self, *args, **options):
        checklist = shipped.load_checklist(
            models.CriterionTemplate, models.ChecklistTemplate, models.ChecklistTemplateItem
        )
        index = shipped.load_index(models.IndexTemplate, models.IndexNode)
        self.stdout.write(f"{checklist.name}: {checklist.items.count()} tiêu chí")
        self.stdout.write(f"{index.name}: {index.nodes.count()} mục")
