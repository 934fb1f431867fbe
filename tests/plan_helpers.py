"""Reading PostgreSQL's plans in tests (issue 17): EXPLAIN (ANALYZE, FORMAT JSON) of a queryset, its nodes, a short
summary for a failure message, and the most dossier rows or index entries one scan touched."""

import json

import pytest
from django.db import connection

from motcua.dossiers.models import Dossier


def plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from plan_nodes(child)


def explain(queryset) -> dict:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        found = cursor.fetchone()[0]
    return (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]


def summary(plan: dict) -> list[tuple]:
    """Each node's type, relation or index, rows and rows removed: short enough to be read whole in a failure."""
    return [
        (
            node["Node Type"],
            node.get("Index Name") or node.get("Relation Name", ""),
            node.get("Actual Rows"),
            node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0),
        )
        for node in plan_nodes(plan)
    ]


def dossier_index_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [Dossier._meta.db_table])
        return {row[0] for row in cursor.fetchall()}


def largest_read(plan: dict, indexes: set[str]) -> int:
    """The most dossier rows or index entries any one scan of the plan touched: a scan of the table counts the rows
    it kept and those it threw away, a bitmap scan of one of its indexes the entries it returned. A bitmap of the
    commune's every non-withdrawn dossier (the reports' index), even if cut down later by another, counts in full."""
    largest = 0
    for node in plan_nodes(plan):
        loops = node.get("Actual Loops", 1)
        if node.get("Relation Name") == Dossier._meta.db_table:
            removed = node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0)
            largest = max(largest, (node.get("Actual Rows", 0) + removed) * loops)
        elif node.get("Node Type") == "Bitmap Index Scan" and node.get("Index Name") in indexes:
            largest = max(largest, node.get("Actual Rows", 0) * loops)
    return largest


def skip_unless_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN (ANALYZE, FORMAT JSON) and the planner's choice of index are PostgreSQL's")


def vacuum_dossiers() -> None:
    """What autovacuum does after a bulk load: dead index entries gone, statistics fresh."""
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {Dossier._meta.db_table}")
