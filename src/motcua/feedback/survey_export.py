"""Raw answers of a survey as CSV (dữ liệu thô), without personal data.

One row per response: a row number given here (not the database id, which would tell the order of arrival across
surveys), the day, the channel, then one column per question ("Q01" …; empty when skipped). The optional dossier
code a respondent typed is left out: it leads to a named person.
"""

import csv
import io

from motcua.core.spreadsheet import safe_csv
from motcua.feedback.models import Survey, SurveyAnswer

FIXED_COLUMNS = ("phieu", "ngay", "kenh")


def answers_csv(survey: Survey) -> str:
    questions = list(survey.questions.order_by("order", "pk"))
    values: dict[int, dict[int, int]] = {}
    for response_id, question_id, value in SurveyAnswer.objects.filter(response__survey=survey).values_list(
        "response_id", "question_id", "value"
    ):
        values.setdefault(response_id, {})[question_id] = value
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*FIXED_COLUMNS, *(q.code for q in questions)])
    responses = survey.responses.order_by("submitted_on", "pk").values_list("pk", "submitted_on", "channel")
    for number, (pk, day, channel) in enumerate(responses, start=1):
        given = values.get(pk, {})
        writer.writerow([number, day.isoformat(), channel, *(given.get(q.pk, "") for q in questions)])
    return out.getvalue()


def questions_csv(survey: Survey) -> str:
    """The legend of the answer columns: code, factor, block and wording of each question."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["ma", "yeu_to", "nhom", "cau_hoi"])
    for question in survey.questions.order_by("order", "pk"):
        writer.writerow([safe_csv(value) for value in (question.code, question.factor, question.block, question.text)])
    return out.getvalue()
