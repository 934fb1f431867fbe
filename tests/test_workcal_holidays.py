"""The Vietnam calendar against the official days off 2020–2026 (shared/reference/data/holidays_official.md)."""

import datetime as dt

import holidays
import pytest

from motcua.workcal import DayOff, ExtraWorkingDay, WorkingCalendar, merge_overrides
from motcua.workcal.holidays_vn import holiday_reason, official_days, package_days
from motcua.workcal.lunar import lunar_date, lunar_label

YEARS = range(2020, 2027)


def d(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


# Section 3 of holidays_official.md, reliability A or B: weekdays off, and Saturdays worked (làm bù).
OFFICIAL_WEEKDAYS_OFF = {
    2020: "01/01 23/01 24/01 27/01 28/01 29/01 02/04 30/04 01/05 02/09",
    2021: "01/01 10/02 11/02 12/02 15/02 16/02 21/04 30/04 03/05 02/09 03/09",
    2022: "03/01 31/01 01/02 02/02 03/02 04/02 11/04 02/05 03/05 01/09 02/09",
    2023: "02/01 20/01 23/01 24/01 25/01 26/01 01/05 02/05 03/05 01/09 04/09",
    2024: "01/01 08/02 09/02 12/02 13/02 14/02 18/04 29/04 30/04 01/05 02/09 03/09",
    2025: "01/01 27/01 28/01 29/01 30/01 31/01 07/04 30/04 01/05 02/05 01/09 02/09",
    2026: "01/01 02/01 16/02 17/02 18/02 19/02 20/02 27/04 30/04 01/05 31/08 01/09 02/09",
}
OFFICIAL_MAKE_UP_SATURDAYS = {2024: "04/05", 2025: "26/04", 2026: "10/01 22/08"}
# Section 2: whole breaks, weekends included ("Nghỉ" column).
OFFICIAL_BREAKS = [
    ("23/01/2020", "29/01/2020"),
    ("30/04/2020", "03/05/2020"),
    ("01/01/2021", "03/01/2021"),
    ("10/02/2021", "16/02/2021"),
    ("30/04/2021", "03/05/2021"),
    ("02/09/2021", "05/09/2021"),
    ("01/01/2022", "03/01/2022"),
    ("29/01/2022", "06/02/2022"),
    ("09/04/2022", "11/04/2022"),
    ("30/04/2022", "03/05/2022"),
    ("01/09/2022", "04/09/2022"),
    ("20/01/2023", "26/01/2023"),
    ("29/04/2023", "03/05/2023"),
    ("01/09/2023", "04/09/2023"),
    ("30/12/2023", "01/01/2024"),
    ("08/02/2024", "14/02/2024"),
    ("27/04/2024", "01/05/2024"),
    ("31/08/2024", "03/09/2024"),
    ("25/01/2025", "02/02/2025"),
    ("05/04/2025", "07/04/2025"),
    ("30/04/2025", "04/05/2025"),
    ("30/08/2025", "02/09/2025"),
    ("01/01/2026", "04/01/2026"),
    ("14/02/2026", "22/02/2026"),
    ("25/04/2026", "27/04/2026"),
    ("30/04/2026", "03/05/2026"),
    ("29/08/2026", "02/09/2026"),
]


@pytest.fixture(scope="module")
def calendar():
    return WorkingCalendar.vietnam(YEARS)


def all_days(year):
    day = dt.date(year, 1, 1)
    while day.year == year:
        yield day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("year", YEARS)
def test_weekdays_off_match_the_official_list_exactly(calendar, year):
    expected = {d(f"{text}/{year}") for text in OFFICIAL_WEEKDAYS_OFF[year].split()}
    off = {day for day in all_days(year) if day.weekday() < 5 and not calendar.day_info(day).is_working_day}
    assert off == expected


@pytest.mark.parametrize("year", YEARS)
def test_worked_saturdays_match_the_official_make_up_days_exactly(calendar, year):
    expected = {d(f"{text}/{year}") for text in OFFICIAL_MAKE_UP_SATURDAYS.get(year, "").split()}
    worked = {day for day in all_days(year) if day.weekday() == 5 and calendar.day_info(day).is_working_day}
    assert worked == expected
    assert all(calendar.day_info(day).reason == "làm bù" for day in worked)


@pytest.mark.parametrize(("first", "last"), OFFICIAL_BREAKS)
def test_every_day_of_each_official_break_is_off(calendar, first, last):
    day = d(first)
    while day <= d(last):
        assert not calendar.day_info(day).is_working_day, day
        day += dt.timedelta(days=1)


def test_sundays_are_never_worked(calendar):
    assert not any(
        calendar.day_info(day).is_working_day for year in YEARS for day in all_days(year) if day.weekday() == 6
    )


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("01/01/2025", "Tết Dương lịch"),
        ("10/02/2024", "Tết Nguyên đán"),
        ("29/01/2025", "Tết Nguyên đán"),
        ("18/04/2024", "Giỗ Tổ Hùng Vương"),
        ("30/04/2025", "Ngày Chiến thắng"),
        ("01/05/2025", "Quốc tế Lao động"),
        ("03/09/2021", "Quốc khánh"),
        ("27/04/2026", "nghỉ bù"),
        ("29/04/2024", "nghỉ bù"),
        ("02/01/2026", "nghỉ bù"),
        ("04/09/2023", "nghỉ bù"),
        ("07/06/2025", "Thứ Bảy"),
        ("08/06/2025", "Chủ nhật"),
    ],
)
def test_reasons_are_short_vietnamese_labels(calendar, day, reason):
    assert calendar.day_info(d(day)).reason == reason


def test_a_working_weekday_has_the_standard_hours_and_no_reason(calendar):
    info = calendar.day_info(d("04/06/2025"))
    assert info.periods == ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17)))
    assert info.reason is None


def test_make_up_saturday_works_normal_weekday_hours(calendar):
    assert calendar.day_info(d("26/04/2025")).periods == calendar.day_info(d("25/04/2025")).periods


def test_the_package_alone_lacks_the_2026_new_year_swap_which_an_override_supplies():
    """holidays 0.109 does not know Công văn 12729/VPCP-KGVX; when it does, OFFICIAL_NOTICES can shrink."""
    days_off, working = package_days([2026])
    assert d("02/01/2026") not in {day.day for day in days_off}
    assert d("10/01/2026") not in {day.day for day in working}
    bare = WorkingCalendar([2026], days_off=days_off, working_days=working)
    assert bare.day_info(d("02/01/2026")).is_working_day
    assert not bare.day_info(d("10/01/2026")).is_working_day

    fixed = WorkingCalendar(
        [2026],
        days_off=[*days_off, DayOff(d("02/01/2026"), "nghỉ bù", "12729/VPCP-KGVX")],
        working_days=[*working, ExtraWorkingDay(d("10/01/2026"), reference="12729/VPCP-KGVX")],
    )
    assert not fixed.day_info(d("02/01/2026")).is_working_day
    assert fixed.day_info(d("10/01/2026")) == (d("10/01/2026"), fixed.day_info(d("09/01/2026")).periods, "làm bù")


def test_the_package_already_knows_the_other_make_up_saturdays():
    _, working = package_days(YEARS)
    assert {day.day for day in working} == {d("04/05/2024"), d("26/04/2025"), d("22/08/2026")}


def test_unconfirmed_culture_day_is_not_a_day_off_unless_asked_or_entered_by_an_admin(calendar):
    culture_day = d("24/11/2026")
    assert calendar.day_info(culture_day).is_working_day
    assert not WorkingCalendar.vietnam([2026], include_unconfirmed=True).day_info(culture_day).is_working_day
    enacted = WorkingCalendar.vietnam([2026], extra_days_off=[DayOff(culture_day, "Ngày Văn hóa Việt Nam", "luật sửa")])
    assert enacted.day_info(culture_day).reason == "Ngày Văn hóa Việt Nam"


def test_admin_overrides_win_over_the_holiday_list():
    calendar = WorkingCalendar.vietnam(
        [2025],
        extra_days_off=[DayOff(d("26/04/2025"), "Quyết định của UBND tỉnh")],
        extra_working_days=[ExtraWorkingDay(d("02/05/2025"), "làm bù", "trực tiếp nhận hồ sơ")],
    )
    assert calendar.day_info(d("26/04/2025")).reason == "Quyết định của UBND tỉnh"
    assert calendar.day_info(d("02/05/2025")).is_working_day


def test_conflicting_overrides_are_refused():
    with pytest.raises(ValueError, match="vừa là ngày nghỉ vừa là ngày làm việc"):
        WorkingCalendar.vietnam(
            [2025], extra_days_off=[DayOff(d("07/06/2025"), "x")], extra_working_days=[ExtraWorkingDay(d("07/06/2025"))]
        )


def test_override_layers_later_level_wins_per_date():
    national = [DayOff(d("24/11/2026"), "Ngày Văn hóa Việt Nam"), DayOff(d("25/11/2026"), "x")]
    province = [ExtraWorkingDay(d("24/11/2026"), "trực tiếp nhận hồ sơ")]
    agency = [DayOff(d("28/11/2026"), "Đại hội")]
    days_off, working = merge_overrides(national, province, agency)
    assert [day.day for day in days_off] == [d("25/11/2026"), d("28/11/2026")]
    assert working == [ExtraWorkingDay(d("24/11/2026"), "trực tiếp nhận hồ sơ")]
    calendar = WorkingCalendar.vietnam([2026], extra_days_off=days_off, extra_working_days=working)
    assert calendar.day_info(d("24/11/2026")).is_working_day
    assert calendar.day_info(d("28/11/2026")).reason == "Đại hội"


def test_official_days_are_sorted_and_unique():
    days_off, working = official_days(YEARS)
    assert [day.day for day in days_off] == sorted({day.day for day in days_off})
    assert [day.day for day in working] == sorted({day.day for day in working})


def test_unknown_holiday_names_are_kept_as_their_own_reason():
    assert holiday_reason("Ngày Văn hóa Việt Nam") == "Ngày Văn hóa Việt Nam"
    assert holiday_reason("Ngày Văn hóa Việt Nam (nghỉ bù)") == "nghỉ bù"


@pytest.mark.parametrize("year", range(2020, 2031))
def test_lunar_display_agrees_with_the_lunar_holidays(year):
    table = holidays.country_holidays("VN", years=year, language="vi", observed=False)
    (tet,) = table.get_named("Tết Nguyên Đán", lookup="exact")
    (hung_kings,) = table.get_named("Ngày Giỗ Tổ Hùng Vương", lookup="exact")
    assert lunar_date(tet)[:2] == (1, 1)
    assert lunar_date(hung_kings)[:2] == (10, 3)


def test_lunar_labels():
    assert lunar_label(d("10/02/2024")) == "mùng 1 tháng Giêng năm Giáp Thìn"
    assert lunar_label(d("26/04/2026")) == "mùng 10 tháng 3 năm Bính Ngọ"
    assert lunar_label(d("16/02/2026")) == "29 tháng Chạp năm Ất Tỵ"
    assert lunar_label(d("20/08/2025")) == "27 tháng 6 nhuận năm Ất Tỵ"
