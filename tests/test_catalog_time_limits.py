"""The time-limit parser (catalog.time_limits): legal phrases → structured Duration, over the whole shipped file."""

import json

import pytest

from motcua.catalog.time_limits import derive, parse_phrase, steps_time
from motcua.demo.catalog_seed import CATALOG_FILE
from motcua.workcal.durations import Duration

SHIPPED = {p["code"]: p for p in json.loads(CATALOG_FILE.read_text(encoding="utf-8"))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ngay trong ngày tiếp nhận hồ sơ", Duration.same_day()),
        ("Trong ngày làm việc", Duration.same_day()),
        ("Giải quyết ngay sau khi nhận đủ hồ sơ hợp lệ", Duration.same_day()),
        ("Ngay sau khi nhận đủ giấy tờ theo quy định", Duration.same_day()),
        ("Không quá 05 ngày làm việc", Duration.working_days(5)),
        ("Không quá 15 ngày", Duration.calendar_days(15)),
        ("10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", Duration.working_days(10)),
        ("Trong thời hạn 02 (hai) ngày làm việc", Duration.working_days(2)),
        ("08 giờ làm việc kể từ khi tiếp nhận", Duration.working_hours(8)),
        ("4 giờ", Duration.working_hours(4)),
        # "Trường hợp … thì …": the general case wins wherever it is written.
        ("03 ngày làm việc; trường hợp cần xác minh thì 07 ngày làm việc", Duration.working_days(3)),
        ("Trường hợp cần xác minh thì không quá 10 ngày làm việc; trường hợp khác trong ngày", Duration.same_day()),
        ("Nếu phải xác minh thì 05 ngày làm việc.\nTrả kết quả trong ngày làm việc", Duration.same_day()),
        # Only special cases are written: the first one.
        ("Trường hợp A: 05 ngày làm việc; Trường hợp B: 10 ngày làm việc", Duration.working_days(5)),
        # Stages that follow one another add up.
        (
            "a) Thông báo phương án: 02 ngày làm việc kể từ ngày nhận được hồ sơ; b) Thẩm định và trình: 33 ngày "
            "làm việc.",
            Duration.working_days(35),
        ),
        ("Không quy định", None),
        ("Trực tiếp tại Trung tâm Phục vụ hành chính công", None),
        ("", None),
    ],
)
def test_phrases(text, expected):
    assert parse_phrase(text) == expected


def test_steps_give_the_resolution_time_not_a_supplement_or_verification_time():
    steps = (
        "- Trong thời hạn 01 ngày làm việc kể từ ngày nhận được hồ sơ, cơ quan thông báo yêu cầu bổ sung.\n"
        "- Trong thời hạn 03 ngày làm việc kể từ ngày nhận hồ sơ, cơ quan cấp Giấy chứng nhận.\n"
        "- Trong thời hạn 10 ngày làm việc kể từ ngày nhận hồ sơ, cơ quan xác minh nếu cần."
    )
    assert steps_time(steps) == Duration.working_days(3)
    assert steps_time("Người nộp hồ sơ nhận kết quả tại Trung tâm.") is None


def _derived(code: str, channel: str = "online") -> Duration:
    procedure = SHIPPED[code]
    method = next(m for m in procedure["methods"] if m["channel"] == channel)
    return derive(procedure, method).duration


def test_real_procedures_of_the_issue():
    # Kết hôn: bare "1" of Hộ tịch → same day, 15:00 cut-off (PROCEDURES_README).
    assert _derived("1.000894") == Duration.same_day()
    # Bản sao trích lục: "Không có thông tin", the steps state the 15:00 rule.
    assert _derived("2.000635") == Duration.same_day()
    # Khai sinh kết hợp nhận cha, mẹ, con: bare "3" → 3 working days.
    assert _derived("1.000689") == Duration.working_days(3)
    # Thủy sản: the time is in the method's description.
    assert _derived("1.004656") == Duration.working_days(5)
    assert _derived("1.004680") == Duration.working_days(3)  # 7 only "trong trường hợp cần kiểm tra thực tế"
    assert _derived("1.003956") == Duration.working_days(35)  # 02 + 33 ngày làm việc
    # Nuôi con nuôi trong nước: 10 + 15 + 05 ngày (calendar days, as the law writes them).
    assert _derived("2.001263") == Duration.calendar_days(30)
    # Đăng ký thành lập hộ kinh doanh: "Không có thông tin", the steps say 03 ngày làm việc.
    assert _derived("1.001612") == Duration.working_days(3)
    # Thông báo lưu trú: "1 Giờ".
    assert _derived("2.001159") == Duration.working_hours(1)
    # Chứng thực chữ ký: no time anywhere → answered on the day (ND 118/2025 Art. 17.4, 18.2).
    assert _derived("2.000884", "direct") == Duration.same_day()
    # Structured portal times are kept as they are.
    assert _derived("1.001193") == Duration.same_day()
    assert _derived("1.012812", "postal") == Duration.calendar_days(30)


def test_every_method_of_the_shipped_file_gets_a_time():
    methods = [(p, m) for p in SHIPPED.values() for m in p["methods"]]
    missing = [f"{p['code']} {m['channel']} «{m['time_text']}»" for p, m in methods if derive(p, m) is None]
    assert not missing, f"{len(missing)} of {len(methods)} methods have no time: {missing}"
    # Every derived time is a valid interchange time (positive amount, or same day with its cut-off).
    records = [derive(p, m).as_record() for p, m in methods]
    bad = [r for r in records if not (r["unit"] == "same_day" and r["cutoff"] == "15:00") and not r["amount"] > 0]
    assert not bad, f"{len(bad)} of {len(records)} derived times are not usable: {bad[:5]}"
    assert len(methods) == 654
