"""Small hand-written files: every rejection reason, all-or-nothing, --partial, and the command's output."""

import json

import pytest
from django.core.management import CommandError, call_command

from motcua.catalog.interchange.importer import CatalogFileError, import_data
from motcua.catalog.interchange.schema import FORMAT_NAME, FORMAT_VERSION
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def good(code: str = "9.000001", **changes) -> dict:
    record = {
        "code": code,
        "status": "published",
        "valid_from": "2025-07-01",
        "name": "Thủ tục thử nghiệm",
        "field": "Hộ tịch",
        "levels": ["commune"],
        "methods": [
            {"channel": "direct", "time": {"amount": 3, "unit": "working_days"}, "time_text": "3 ngày làm việc"},
            {"channel": "online", "time": {"unit": "same_day", "cutoff": "15:00"}},
        ],
        "documents": [{"name": "Tờ khai", "originals": 1, "form": "TK01.docx"}],
        "fees": [{"kind": "charge", "name": "Lệ phí", "amount_vnd": 8000}],
        "legal_basis": [{"number": "60/2014/QH13", "title": "Luật Hộ tịch"}],
        "results": [{"name": "Giấy chứng nhận", "code": "KQ.1"}],
        "publication_decision": {"number": "1/QĐ-UBND", "effective_on": "2025-07-01"},
    }
    record.update(changes)
    return record


def catalog(*records) -> dict:
    return {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, "procedures": list(records)}


def only_reasons(record: dict) -> list[str]:
    report = import_data(catalog(record))
    assert not report.written
    assert not Procedure.objects.exists()
    [outcome] = report.outcomes
    assert outcome.status == "rejected"
    return outcome.reasons


def test_a_good_record_is_created_with_every_component():
    report = import_data(catalog(good()))

    assert report.written and report.counts["created"] == 1
    version = ProcedureVersion.objects.get()
    assert version.methods.get(channel="online").duration_label.startswith("trong ngày (sau 15:00")
    assert version.fees.get().amount_vnd == 8000
    assert version.documents.get().form_name == "TK01.docx"
    assert version.publication.effective_on.isoformat() == "2025-07-01"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"code": None}, "Thiếu mã thủ tục."),
        ({"code": "1.001 193"}, "Mã thủ tục «1.001 193» không hợp lệ"),
        ({"name": ""}, "Thiếu tên thủ tục."),
        ({"field": None}, "Thiếu lĩnh vực."),
        ({"methods": [{"channel": "fax"}]}, "Hình thức nộp «fax» ở cách thức thứ 1 không hợp lệ"),
        ({"methods": [{"channel": "direct", "time": {"amount": 3, "unit": "weeks"}}]}, "Đơn vị thời hạn «weeks»"),
        ({"methods": [{"channel": "direct", "time": {"amount": 0, "unit": "days"}}]}, "Thời hạn «0» ở cách thức"),
        ({"methods": [{"channel": "direct", "time": {"amount": 1.5, "unit": "days"}}]}, "phải lớn hơn 0 và là số"),
        ({"methods": [{"channel": "direct", "time": {"unit": "same_day", "cutoff": "25:00"}}]}, "Giờ chốt «25:00»"),
        ({"fees": [{"kind": "charge", "name": "Lệ phí", "amount_vnd": -5}]}, "Số tiền «-5» ở khoản phí"),
        ({"fees": [{"kind": "charge", "name": "Lệ phí", "amount_vnd": "8.000"}]}, "Số tiền «8.000»"),
        ({"fees": [{"kind": "charge", "name": "Lệ phí", "amount_vnd": 12.5}]}, "Số tiền «12.5»"),
        ({"fees": [{"kind": "tax", "name": "Thuế"}]}, "Loại khoản thu «tax»"),
        ({"fees": [{"kind": "fee", "name": "Phí", "amount_vnd": 1, "exempt": True}]}, "Khoản được miễn thì không"),
        ({"levels": ["district"]}, "Cấp thực hiện không hợp lệ: district"),
        ({"online_level": "level4"}, "Mức độ dịch vụ công trực tuyến «level4»"),
        ({"legacy_online_level": 5}, "Mức độ dịch vụ công trực tuyến cũ «5»"),
        ({"status": "active"}, "Trạng thái «active» không hợp lệ"),
        ({"valid_from": "01/07/2025"}, "Ngày «01/07/2025» ở mục hiệu lực từ"),
        ({"valid_from": None}, "Phiên bản đã công bố phải có ngày có hiệu lực"),
        ({"valid_until": "2025-06-30"}, "Ngày hết hiệu lực phải sau ngày có hiệu lực."),
        ({"version": 0}, "Phiên bản «0» không hợp lệ"),
        ({"documents": [{"name": "", "originals": 1}]}, "Thiếu tên giấy tờ"),
        ({"documents": [{"name": "Tờ khai", "copies": -1}]}, "số bản sao"),
        ({"legal_basis": [{"number": "", "title": ""}]}, "Thiếu số hiệu hoặc tên văn bản"),
        ({"publication_decision": {"signer": "A"}}, "Thiếu số quyết định công bố."),
        ({"kind": "x" * 201}, "«loại thủ tục» quá dài: 201 ký tự, tối đa 200."),
        ({"colour": "red"}, "Trường không được hỗ trợ ở bản ghi: colour."),
    ],
)
def test_rejection_reasons(changes, expected):
    reasons = only_reasons(good(**changes))
    assert any(reason.startswith(expected) or expected in reason for reason in reasons), reasons


def test_every_problem_of_a_record_is_listed():
    reasons = only_reasons(
        good(code="", methods=[{"channel": "fax"}], fees=[{"kind": "fee", "name": "P", "amount_vnd": -1}])
    )
    assert len(reasons) == 3


def test_a_record_that_is_not_an_object_is_rejected():
    report = import_data(catalog("1.001193"))
    assert report.outcomes[0].reasons == ["Bản ghi phải là một đối tượng JSON."]


def test_duplicate_code_in_one_file_is_rejected():
    report = import_data(catalog(good(), good(name="Khác")))
    assert report.outcomes[1].reasons == ["Trùng mã thủ tục 9.000001 với bản ghi thứ 1 trong tệp."]
    assert not report.written


def test_one_rejection_means_nothing_is_written():
    report = import_data(catalog(good("9.000001"), good("9.000002", methods=[{"channel": "fax"}])))

    assert [o.status for o in report.outcomes] == ["created", "rejected"]
    assert not report.written
    assert not Procedure.objects.exists()
    assert not AuditEntry.objects.filter(object_type="catalog.ProcedureVersion").exists()


def test_partial_writes_the_valid_records_and_lists_the_rejected():
    report = import_data(catalog(good("9.000001"), good("9.000002", methods=[{"channel": "fax"}])), partial=True)

    assert report.written
    assert list(Procedure.objects.values_list("code", flat=True)) == ["9.000001"]
    assert [o.code for o in report.rejected] == ["9.000002"]
    entry = AuditEntry.objects.get(object_type="catalog.ProcedureVersion")
    assert entry.changes["bị từ chối"] == 1 and entry.changes["tạo mới"] == 1


def test_unknown_files_are_refused_as_a_whole():
    with pytest.raises(CatalogFileError, match="không đúng định dạng"):
        import_data({"procedures": [good()]})
    with pytest.raises(CatalogFileError, match="Phiên bản định dạng «2»"):
        import_data({"format": FORMAT_NAME, "format_version": 2, "procedures": []})
    with pytest.raises(CatalogFileError, match="thiếu danh sách"):
        import_data({"format": FORMAT_NAME, "format_version": 1})


def write(tmp_path, data, name="catalog.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_command_reports_reasons_and_writes_nothing(tmp_path, capsys):
    path = write(tmp_path, catalog(good("9.000001"), {"name": "Không có mã", "field": "Hộ tịch"}))

    with pytest.raises(CommandError, match="không ghi gì"):
        call_command("import_catalog", str(path))

    err = capsys.readouterr().err
    assert "Bản ghi 2 ((không có mã)) bị từ chối: Thiếu mã thủ tục." in err
    assert not Procedure.objects.exists()


def test_command_partial_and_user(tmp_path, capsys, django_user_model):
    user = django_user_model.objects.create_user("nhapdulieu", password="x", account_type="staff")
    path = write(
        tmp_path, catalog(good("9.000001"), good("9.000002", fees=[{"kind": "fee", "name": "P", "amount_vnd": -1}]))
    )

    call_command("import_catalog", str(path), "--partial", "--user", "nhapdulieu")

    out = capsys.readouterr().out
    assert "2 bản ghi: 1 tạo mới, 0 cập nhật, 0 không đổi, 1 bị từ chối." in out
    assert ProcedureVersion.objects.get().created_by == user
    assert AuditEntry.objects.get(object_type="catalog.ProcedureVersion").actor == user


def test_command_reads_the_portal_shape_with_defaults(tmp_path, capsys):
    portal = [{"code": "9.000009", "name": "Thủ tục A", "field": "Hộ tịch", "level": "Cấp xã", "steps_text": "B1."}]
    path = write(tmp_path, portal)

    call_command("import_catalog", str(path), "--status", "published", "--valid-from", "2025-07-01")

    version = ProcedureVersion.objects.get()
    assert (version.status, version.valid_from.isoformat(), version.steps) == ("published", "2025-07-01", "B1.")


def test_command_refuses_bad_files_clearly(tmp_path):
    with pytest.raises(CommandError, match="không phải JSON hợp lệ"):
        call_command("import_catalog", str(write(tmp_path, "{not json")))
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_catalog", str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="Không có tài khoản «ai»"):
        call_command("import_catalog", str(write(tmp_path, catalog(good()))), "--user", "ai")
    with pytest.raises(CommandError, match="Ngày «1/7/2025» không hợp lệ"):
        call_command("import_catalog", str(write(tmp_path, catalog(good()))), "--valid-from", "1/7/2025")
