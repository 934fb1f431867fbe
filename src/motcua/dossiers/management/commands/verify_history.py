"""`motcua verify_history`: prove the legal history intact (kiểm tra tính toàn vẹn của lịch sử), or name where not.

Walks the audit log's chain and every dossier's chain, checks that the database guards are in place and that the
audit log's stored head is its newest entry; prints the first broken entry of each broken chain and exits 1.
`--heads` prints every chain's head and their digest, to keep outside the database; `--anchored FILE` checks that
every head of such an earlier printout is still an intact entry of its chain (docs/security.md).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.core import append_only, hash_chain
from motcua.core.models import AuditEntry, ChainHead
from motcua.dossiers.history_chain import HASHED_FIELDS, dossier_chains
from motcua.dossiers.models import DossierEvent


def walk(name, entries, fields, anchors: dict[str, tuple[int, str]]) -> hash_chain.ChainState:
    return hash_chain.walk(name, entries, fields, anchor=anchors.get(name, (0, hash_chain.GENESIS))[1])


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký hệ thống và lịch sử từng hồ sơ; báo bản ghi hỏng đầu tiên của mỗi chuỗi."

    def add_arguments(self, parser):
        parser.add_argument(
            "--heads",
            action="store_true",
            help="In mã băm cuối của mọi chuỗi và mã tổng hợp để lưu ngoài cơ sở dữ liệu.",
        )
        parser.add_argument(
            "--anchored",
            metavar="FILE",
            help="Tệp do --heads in ra trước đây: kiểm tra mọi mã băm cuối trong đó vẫn còn nguyên trong chuỗi.",
        )

    def handle(self, *args, heads=False, anchored=None, **options):
        anchors = self._anchors(anchored) if anchored else {}
        problems = [
            f"Thiếu trigger bảo vệ / guard missing: {name}"
            for name in append_only.missing_guards([AuditEntry._meta.db_table, DossierEvent._meta.db_table])
        ]
        states = [
            walk(AuditEntry.CHAIN, AuditEntry.objects.order_by("pk").iterator(), AuditEntry.HASHED_FIELDS, anchors)
        ]
        stored = ChainHead.objects.filter(chain=AuditEntry.CHAIN).values_list("hash", flat=True).first()
        if states[0].broken is None and stored not in (None, states[0].head):
            problems.append(
                f"{AuditEntry.CHAIN}: mã băm cuối đã lưu khác bản ghi mới nhất / stored head differs: "
                f"expected {states[0].head} found {stored}"
            )
        states += [walk(name, chain, HASHED_FIELDS, anchors) for name, chain in dossier_chains(DossierEvent)]

        for state in states:
            if state.broken is not None:
                broken = state.broken
                problems.append(
                    f"{broken.chain}: bản ghi hỏng đầu tiên / first broken entry id={broken.entry_id} "
                    f"({broken.what}) expected {broken.expected} found {broken.found}"
                )
            elif state.chain in anchors and not state.anchor_found:
                length, head = anchors[state.chain]
                problems.append(
                    f"{state.chain}: mất bản ghi đã neo / anchored entry gone: expected {head} (entry {length}) "
                    f"found a chain of {state.length} ending {state.head}"
                )
        walked = {state.chain for state in states}
        problems += [
            f"{chain}: chuỗi đã neo không còn (hồ sơ đã xóa?) / anchored chain gone: expected {head}"
            for chain, (_length, head) in anchors.items()
            if chain not in walked
        ]
        if heads:
            for state in states:
                self.stdout.write(f"{state.chain} {state.length} {state.head}")
            self.stdout.write(f"digest {hash_chain.heads_digest((s.chain, s.length, s.head) for s in states)}")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"Lịch sử không toàn vẹn: {len(problems)} vấn đề / history not intact.", returncode=1)
        entries = sum(state.length for state in states)
        self.stdout.write(
            self.style.SUCCESS(f"Lịch sử toàn vẹn / history intact: {len(states)} chuỗi, {entries} bản ghi.")
        )

    @staticmethod
    def _anchors(path: str) -> dict[str, tuple[int, str]]:
        try:
            return hash_chain.read_heads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(
                f"Không đọc được tệp neo {path}, hoặc tệp đã bị sửa (mã tổng hợp sai): {error}"
            ) from None
