"""The demo payments: every way of paying appears, made through the services, and never more than is owed."""

from django.db.models import Sum

from motcua.payments import services
from motcua.payments.demo import seed_payments
from motcua.payments.models import Payment


def test_demo_payments_cover_the_ways_of_paying_and_stay_within_the_fees(demo_dossiers):
    made = seed_payments()
    assert made == Payment.objects.count() > 0
    ways = set(Payment.objects.values_list("method", "status"))
    assert {("cash", "paid"), ("gateway", "paid"), ("transfer", "pending")} <= ways
    for dossier_id in Payment.objects.values_list("dossier", flat=True).distinct():
        payments = Payment.objects.filter(dossier_id=dossier_id)
        dossier = payments.first().dossier
        paid = payments.filter(status="paid").aggregate(total=Sum("amount_vnd"))["total"] or 0
        assert paid <= services.balance(dossier).total_vnd
    online = Payment.objects.filter(method="gateway", status="paid").select_related("dossier")
    assert all(p.dossier.channel == "online" and p.paid_at > p.dossier.received_at for p in online)
    assert seed_payments() == 0  # once only
