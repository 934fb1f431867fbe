"""Payments under concurrency on PostgreSQL: the same IPN delivered several times at once marks the payment paid
once, and two officers taking the last of the fees at the same moment cannot both record it."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.core.models import AuditEntry
from motcua.payments import services
from motcua.payments.models import Payment
from test_payments_support import TOTAL_VND, dossier_with_fees, ipn_params

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent payments need PostgreSQL's row locks"),
    pytest.mark.django_db(transaction=True),
]
PARALLEL_IPNS = 6


def race(*actions):
    """Run the actions in threads released together; return what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as error:  # the outcome under test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_duplicate_ipns_arriving_together_mark_the_payment_paid_once(demo, settings):
    settings.PAYMENT_SANDBOX = True
    settings.PAYMENT_VNPAY_URL = ""
    dossier = dossier_with_fees()
    citizen = User.objects.get(username="congdan")
    start = services.start_online_payment(citizen, dossier, client_ip="127.0.0.1", return_url="http://x/")
    params = ipn_params(start.payment, settings)

    def deliver():
        return Client().get(reverse("portal:payment-ipn"), params).json()["RspCode"]

    answers = race(*[deliver for _ in range(PARALLEL_IPNS)])
    assert sorted(answers) == ["00"] + ["02"] * (PARALLEL_IPNS - 1)
    payment = Payment.objects.get(pk=start.payment.pk)
    assert payment.status == "paid"
    updates = AuditEntry.objects.filter(object_type="payments.Payment", object_id=str(payment.pk), action="update")
    assert updates.count() == 1


def test_two_officers_recording_the_same_fees_at_once_record_them_once(demo):
    dossier = dossier_with_fees()
    desk = User.objects.get(username="tiepnhan.hongvan")
    colleague = User.objects.create_user("tiepnhan2.hongvan", password="x", account_type=User.AccountType.STAFF)
    RoleAssignment.objects.create(user=colleague, role=Role.RECEIVING_OFFICER, agency=dossier.receiving_agency)

    outcomes = race(
        lambda: services.record_cash(desk, dossier, TOTAL_VND),
        lambda: services.record_cash(colleague, dossier, TOTAL_VND),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Payment", "ValidationError"]
    refused = next(o for o in outcomes if isinstance(o, ValidationError))
    assert "đã nộp đủ" in " ".join(refused.messages)
    assert services.balance(dossier).paid_vnd == TOTAL_VND
