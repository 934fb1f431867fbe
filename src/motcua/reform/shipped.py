"""The templates MotCua ships (mẫu có sẵn): the default inspection checklist and a PAR INDEX-shaped reform index.

Both are JSON files in reform/data. The loaders take the model classes as arguments so that the data migration
(historical models) and the `load_reform_templates` command (real models) share them. Loading again changes
nothing that exists: a province's edits to the points or criteria are kept.
"""

import json
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CHECKLIST_FILE = DATA / "checklist_default.json"
INDEX_FILE = DATA / "par_index.json"


def load_checklist(criterion_model, template_model, item_model, path: Path = CHECKLIST_FILE):
    """The default checklist template and its criteria; returns the template."""
    data = json.loads(path.read_text(encoding="utf-8"))
    template, created = template_model.objects.get_or_create(name=data["name"], defaults={"is_default": True})
    if not created:
        return template
    for order, row in enumerate(data["criteria"], 1):
        criterion, _ = criterion_model.objects.get_or_create(
            code=row["code"],
            defaults={
                "title": row["title"],
                "guidance": row.get("guidance", ""),
                "area": row["area"],
                "measure": row.get("measure", ""),
            },
        )
        item_model.objects.create(template=template, criterion=criterion, order=order)
    return template


def _load_nodes(node_model, template, rows, parent, level):
    for order, row in enumerate(rows, 1):
        node = node_model.objects.create(
            template=template,
            parent=parent,
            level=level,
            code=row["code"],
            title=row["title"],
            max_points=Decimal(str(row["max_points"])),
            order=order,
        )
        _load_nodes(node_model, template, row.get("children", []), node, level + 1)


def load_index(template_model, node_model, path: Path = INDEX_FILE):
    """The reform index tree (lĩnh vực → tiêu chí → tiêu chí thành phần); returns the template."""
    data = json.loads(path.read_text(encoding="utf-8"))
    template, created = template_model.objects.get_or_create(
        name=data["name"],
        defaults={"description": data["description"], "points_are_placeholders": data["points_are_placeholders"]},
    )
    if created:
        _load_nodes(node_model, template, data["areas"], None, 1)
    return template
