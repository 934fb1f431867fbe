"""Form II.06a over a known set of dossiers: every cell of every row, the invariants, and the dossiers behind a cell."""

import pytest

from dossier_helpers import CENTRE, POLICE, UBND
from motcua.orgs.models import AdministrativeUnit, Agency
from motcua.reports import ii06a
from motcua.reports.areas import agency_ids_of_area
from reports_scenario import APRIL, EXPECTED_APRIL, EXPECTED_MARCH, MARCH, NOW, build_scenario, centre_and_agencies


@pytest.fixture
def scenario(demo):
    return build_scenario()


def cells_by_code(report: ii06a.II06aReport) -> dict[str, tuple[int, ...]]:
    return {row.code: tuple(row.cells.as_dict().values()) for row in report.rows if row.level == ii06a.Row.PROCEDURE}


def total_of(expected: dict) -> tuple[int, ...]:
    return tuple(map(sum, zip(*expected.values(), strict=True)))


@pytest.mark.parametrize(("period", "expected"), [(MARCH, EXPECTED_MARCH), (APRIL, EXPECTED_APRIL)])
def test_every_cell_of_the_commune_report(scenario, period, expected):
    agencies = centre_and_agencies()
    report = ii06a.build(agency_ids_of_area(agencies[UBND]), *period, now=NOW)
    assert cells_by_code(report) == expected
    assert tuple(report.total.as_dict().values()) == total_of(expected)
    assert report.total.broken_invariants() == []
    assert all(row.cells.broken_invariants() == [] for row in report.rows)


def test_rows_are_fields_then_their_procedures_with_subtotals(scenario):
    report = ii06a.build(agency_ids_of_area(Agency.objects.get(name=UBND)), *MARCH, now=NOW)
    layout = [(row.level, row.number, row.code) for row in report.rows]
    # Fields sorted by name: Chứng thực, Hòa giải ở cơ sở, Đăng ký, quản lý cư trú (Python's order puts Đ last).
    assert layout == [
        ("field", "I", ""),
        ("procedure", "1", "2.000908"),
        ("field", "II", ""),
        ("procedure", "1", "1.002211"),
        ("field", "III", ""),
        ("procedure", "1", "1.004194"),
    ]
    assert [row.label for row in report.field_rows] == ["Chứng thực", "Hòa giải ở cơ sở", "Đăng ký, quản lý cư trú"]
    assert report.rows[2].cells == report.rows[3].cells


def test_a_dossier_counts_for_its_receiving_and_its_competent_agency(scenario):
    agencies = centre_and_agencies()
    police_only = ii06a.build([agencies[POLICE].pk], *MARCH, now=NOW)
    assert cells_by_code(police_only) == {"1.004194": EXPECTED_MARCH["1.004194"]}
    # The People's Committee alone resolves mediation and copies; the centre alone received everything.
    ubnd_only = ii06a.build([agencies[UBND].pk], *MARCH, now=NOW)
    assert set(cells_by_code(ubnd_only)) == {"1.002211", "2.000908"}
    centre_only = ii06a.build([agencies[CENTRE].pk], *MARCH, now=NOW)
    assert cells_by_code(centre_only) == EXPECTED_MARCH
    # Centre + police: the police's dossiers once, not twice.
    both = ii06a.build([agencies[CENTRE].pk, agencies[POLICE].pk], *MARCH, now=NOW)
    assert both.total == centre_only.total


def test_an_area_rolls_up_its_agencies_and_the_legacy_ones(scenario):
    hong_van = Agency.objects.get(name=UBND).unit
    ids = agency_ids_of_area(hong_van)
    names = set(Agency.objects.filter(pk__in=ids).values_list("name", flat=True))
    assert {CENTRE, UBND, POLICE, "Ủy ban nhân dân xã Hồng Vân (cũ)"} <= names
    assert "Ủy ban nhân dân xã Thường Tín" not in names
    report = ii06a.build(ids, *MARCH, now=NOW)
    assert cells_by_code(report) == EXPECTED_MARCH
    province = AdministrativeUnit.objects.get(scheme="2025", level=1, code="01")
    assert set(ids) < set(agency_ids_of_area(province))


@pytest.mark.parametrize("cell", ii06a.CELL_NAMES)
def test_each_cell_lists_exactly_the_dossiers_it_counts(scenario, cell):
    ids = agency_ids_of_area(Agency.objects.get(name=UBND))
    report = ii06a.build(ids, *MARCH, now=NOW)
    for row in report.rows:
        kwargs = {"procedure_id": row.procedure_id} if row.procedure_id else {"field_id": row.field_id}
        listed = ii06a.dossiers_for(cell, ids, *MARCH, now=NOW, **kwargs)
        assert listed.count() == getattr(row.cells, cell)
    assert ii06a.dossiers_for(cell, ids, *MARCH, now=NOW).count() == getattr(report.total, cell)


def test_the_lists_behind_cells_name_the_expected_dossiers(scenario):
    ids = agency_ids_of_area(Agency.objects.get(name=UBND))
    letter = {dossier.pk: name for name, dossier in scenario.items()}

    def letters(cell):
        return sorted(letter[pk] for pk in ii06a.dossiers_for(cell, ids, *MARCH, now=NOW).values_list("pk", flat=True))

    assert letters("resolved_early") == ["B", "F", "K", "Q"]
    # P, refused after appraisal a day after receipt, is the «Trả lại» of column 9's note
    # (ii06a.refused_after_appraisal).
    assert letters("resolved_on_time") == ["E", "L", "M", "P"]
    assert letters("resolved_late") == ["C", "G", "H", "I"]
    assert letters("carried_over") == ["B", "C", "D", "U"]
    assert letters("pending_within") == ["J", "N", "T"]
    assert letters("pending_overdue") == ["D", "O", "U"]
    with pytest.raises(KeyError):
        ii06a.dossiers_for("nonsense", ids, *MARCH)


def test_an_empty_report_has_no_rows_and_zero_totals(demo):
    report = ii06a.build([Agency.objects.get(name=UBND).pk], *MARCH, now=NOW)
    assert report.rows == () and report.total == ii06a.Cells()


def test_broken_invariants_are_named():
    cells = ii06a.Cells(received_total=3, received_online=1, resolved_total=1, resolved_late=1, pending_total=1)
    assert cells.broken_invariants() == ["3 = 4 + 5 + 6", "11 = 12 + 13", "3 = 7 + 11"]
