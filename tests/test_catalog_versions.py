"""Versioning services: drafts copy the latest version, publication sets validity dates, abolition keeps history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.accounts.models import User
from motcua.catalog import versions
from motcua.catalog.models import (
    FeeItem,
    Field,
    LegalBasis,
    ProcedureMethod,
    ProcedureResult,
    ProcedureVersion,
    RequiredDocument,
)
from motcua.core.models import AuditEntry

D = datetime.date
REFORM_DAY = D(2025, 7, 1)


@pytest.fixture
def admin(demo):
    return User.objects.get(username="quantri.hethong")


@pytest.fixture
def birth_field(db):
    return Field.objects.get_or_create(name="Hộ tịch (kiểm thử)", defaults={"sector": "Tư pháp"})[0]


def _children(version):
    ProcedureMethod.objects.create(version=version, channel="direct", time_amount=5, time_unit="working_days")
    ProcedureMethod.objects.create(version=version, channel="online", time_text="Theo quy định")
    RequiredDocument.objects.create(version=version, name="Tờ khai đăng ký khai sinh", originals=1)
    FeeItem.objects.create(version=version, kind="charge", name="Lệ phí đăng ký khai sinh", exempt=True)
    LegalBasis.objects.create(version=version, number="60/2014/QH13", title="Luật Hộ tịch")
    ProcedureResult.objects.create(version=version, name="Giấy khai sinh", code="KQ.G15.000031")


def _published(admin, field, code="9.900193", effective_on=REFORM_DAY):
    draft = versions.create_procedure(
        admin,
        code,
        ProcedureVersion(name="Thủ tục đăng ký khai sinh", field=field, levels=["commune"]),
        save_children=_children,
    )
    return versions.publish(admin, draft, number="1234/QĐ-BTP", signed_on=effective_on, effective_on=effective_on)


def test_new_procedure_is_a_draft_with_folded_search_text_and_audited_children(admin, birth_field):
    draft = versions.create_procedure(
        admin,
        " 9.900193 ",
        ProcedureVersion(name="Thủ tục Đăng ký khai sinh", field=birth_field, levels=["commune"]),
        _children,
    )
    assert (draft.number, draft.status, draft.procedure.code) == (1, "draft", "9.900193")
    assert draft.search_text == "9.900193 thu tuc dang ky khai sinh"
    assert draft.created_by == admin
    logged = set(AuditEntry.objects.values_list("object_type", flat=True))
    assert {"catalog.Procedure", "catalog.ProcedureVersion", "catalog.ProcedureMethod", "catalog.FeeItem"} <= logged
    with pytest.raises(ValidationError, match="đã có trong danh mục"):
        versions.create_procedure(
            admin, "9.900193", ProcedureVersion(name="Khác", field=birth_field, levels=["commune"])
        )


def test_publish_sets_validity_and_a_new_draft_copies_every_component(admin, birth_field):
    first = _published(admin, birth_field)
    assert (first.status, first.valid_from, first.valid_until) == ("published", D(2025, 7, 1), None)
    assert first.publication.number == "1234/QĐ-BTP"
    draft = versions.new_draft(admin, first.procedure)
    assert (draft.number, draft.status, draft.valid_from) == (2, "draft", None)
    for relation in ("methods", "documents", "fees", "legal_bases", "results"):
        original = list(getattr(first, relation).values_list("pk", flat=True))
        copied = list(getattr(draft, relation).values_list("pk", flat=True))
        assert len(copied) == len(original) > 0
        assert not set(copied) & set(original)
    assert draft.documents.get().name == "Tờ khai đăng ký khai sinh"
    with pytest.raises(ValidationError, match="đang có bản dự thảo"):
        versions.new_draft(admin, first.procedure)

    draft.name = "Đăng ký khai sinh (sửa đổi)"
    versions.save_draft(admin, draft)
    assert ProcedureVersion.objects.get(pk=draft.pk).search_text == "9.900193 dang ky khai sinh (sua doi)"
    versions.publish(admin, draft, number="99/QĐ-BTP", effective_on=D(2026, 3, 1))
    first.refresh_from_db()
    assert first.valid_until == D(2026, 2, 28)
    procedure = first.procedure
    assert versions.version_in_force(procedure, on=D(2026, 2, 28)) == first
    assert versions.version_in_force(procedure, on=D(2026, 3, 1)).number == 2
    assert versions.version_in_force(procedure, on=D(2025, 6, 30)) is None


def test_published_versions_are_never_edited(admin, birth_field):
    first = _published(admin, birth_field)
    first.name = "Đổi tên sau khi công bố"
    with pytest.raises(ValidationError, match="không được sửa"):
        versions.save_draft(admin, first)
    assert ProcedureVersion.objects.get(pk=first.pk).name == "Thủ tục đăng ký khai sinh"


def test_publication_guards(admin, birth_field):
    draft = versions.create_procedure(
        admin, "9.900815", ProcedureVersion(name="Chứng thực", field=birth_field, levels=["commune"])
    )
    ProcedureMethod.objects.create(version=draft, channel="direct", time_text="Trong ngày")
    with pytest.raises(ValidationError, match="thời hạn giải quyết có cấu trúc"):
        versions.publish(admin, draft, number="1/QĐ", effective_on=D(2025, 7, 1))
    with pytest.raises(ValidationError) as error:
        versions.publish(admin, draft, number="", effective_on=D(2025, 7, 1), signed_on=D(2025, 7, 2))
    assert set(error.value.message_dict) == {"number", "signed_on"}

    first = _published(admin, birth_field)
    second = versions.new_draft(admin, first.procedure)
    with pytest.raises(ValidationError, match="phải sau ngày 01/07/2025"):
        versions.publish(admin, second, number="2/QĐ", effective_on=D(2025, 7, 1))
    with pytest.raises(ValidationError, match="đã được công bố"):
        versions.publish(admin, first, number="3/QĐ", effective_on=D(2026, 1, 1))


def test_abolished_procedure_stays_for_history(admin, birth_field):
    first = _published(admin, birth_field)
    procedure = versions.abolish(admin, first.procedure, D(2026, 1, 1))
    first.refresh_from_db()
    assert (procedure.abolished_on, first.valid_until) == (D(2026, 1, 1), D(2025, 12, 31))
    assert versions.version_in_force(procedure, on=D(2025, 12, 31)) == first
    assert versions.version_in_force(procedure, on=D(2026, 1, 1)) is None
    assert AuditEntry.objects.filter(object_type="catalog.Procedure", action="update").exists()
    with pytest.raises(ValidationError, match="đã bị bãi bỏ"):
        versions.new_draft(admin, procedure)


def test_only_system_admins_write_the_catalog(admin, birth_field):
    first = _published(admin, birth_field)
    for username in ("quantri.hongvan", "thanhtra.hanoi", "chuyenvien.hongvan"):
        with pytest.raises(PermissionDenied):
            versions.new_draft(User.objects.get(username=username), first.procedure)


def test_a_published_versions_components_are_read_once_and_a_drafts_every_time(
    admin, birth_field, django_assert_num_queries
):
    published = _published(admin, birth_field)
    documents, fees = versions.components(published)
    assert [d.name for d in documents] == ["Tờ khai đăng ký khai sinh"]
    assert [f.name for f in fees] == ["Lệ phí đăng ký khai sinh"]
    same = ProcedureVersion(pk=published.pk, created_at=published.created_at, status="published")
    with django_assert_num_queries(0):  # never edited, so kept for the life of the process
        assert versions.components(same) == (documents, fees)
    draft = versions.new_draft(admin, published.procedure)
    versions.components(draft)
    RequiredDocument.objects.create(version=draft, name="Giấy chứng sinh", originals=1, order=2)
    with django_assert_num_queries(2):  # a draft is read every time: what is edited shows at once
        documents, _fees = versions.components(draft)
    assert [d.name for d in documents] == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]
