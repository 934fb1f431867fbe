"""Nothing personal in the logs (issue 16 item 10; Law 91/2025/QH15 and Decree 356/2025/NĐ-CP, Art. 3: names, phone
numbers and identity numbers are basic personal data).

Staff search the dossier lists by an applicant's name or ID number with GET (`?applicant=`, `?q=`): the search stays
GET, and every log handler drops the query of a request line. PostgreSQL quotes the failing row in the DETAIL of a
constraint violation: the handlers keep the constraint's name and drop the row.
"""

import io
import logging

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from motcua.accounts.models import User
from motcua.core.log_redaction import MASK, RedactSecrets

PHONE = "0912345678"
NAME_QUERY = "applicant=Nguy%E1%BB%85n+V%C4%83n+An&q=001099012345"


def logged(logger_name: str, emit) -> str:
    """What a handler configured like settings.LOGGING's writes for the records `emit` logs."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets())
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_every_log_handler_has_the_redaction_filter():
    for name, handler in settings.LOGGING["handlers"].items():
        assert "redact_secrets" in handler.get("filters", []), name


def test_a_request_line_is_logged_without_its_query():
    request_line = f"GET /can-bo/ho-so/?{NAME_QUERY} HTTP/1.1"
    text = logged("django.server", lambda logger: logger.info('"%s" %s %s', request_line, "200", "5120"))

    assert "/can-bo/ho-so/?" in text  # the page stays readable
    assert "Nguy" not in text and "001099012345" not in text and "applicant=" not in text
    assert MASK in text


def test_a_request_line_without_query_is_kept_whole():
    text = logged("django.server", lambda logger: logger.info('"%s" %s %s', "GET /cong-dan/ HTTP/1.1", "200", "10"))
    assert '"GET /cong-dan/ HTTP/1.1" 200 10' in text


def test_postgresqls_detail_of_a_failed_insert_is_dropped_the_constraint_kept():
    # The text psycopg raises for a unique violation (PostgreSQL 16, default verbosity).
    message = (
        'duplicate key value violates unique constraint "user_phone_unique"\n'
        f"DETAIL:  Key (phone)=({PHONE}) already exists."
    )
    text = logged("motcua", lambda logger: logger.error("Không lưu được: %s", message))

    assert "user_phone_unique" in text
    assert PHONE not in text


@pytest.mark.django_db(transaction=True)
def test_a_real_integrity_error_is_logged_with_its_constraint_not_the_row():
    """On PostgreSQL the error's DETAIL names the phone number; on SQLite the message names the column only."""
    User.objects.create_user("first", phone=PHONE)

    def emit(logger):
        try:
            with transaction.atomic():
                User.objects.create_user("second", phone=PHONE)
        except IntegrityError:
            logger.exception("Internal Server Error: /tai-khoan/dang-ky/")

    text = logged("django.request", emit)

    assert "IntegrityError" in text
    assert PHONE not in text
    expected = "user_phone_unique" if connection.vendor == "postgresql" else "accounts_user.phone"
    assert expected in text
