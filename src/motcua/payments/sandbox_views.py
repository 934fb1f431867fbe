"""Pages of the sandbox gateway: the payment page the citizen is sent to, and the pay/cancel decision."""

import logging

from django.conf import settings
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from motcua.payments import sandbox

logger = logging.getLogger(__name__)
STATUS_REFUSED = 400


def _enabled() -> None:
    if not settings.PAYMENT_SANDBOX:
        raise Http404


def _ipn_url(request) -> str:
    # VNPAY calls the IPN address registered for the merchant; the sandbox's merchant is this very site.
    return request.build_absolute_uri(reverse("portal:payment-ipn"))


@require_http_methods(["GET", "POST"])
def pay(request):
    """GET: VNPAY's payment page for a signed order. POST: pay or cancel, then IPN and redirect back, signed."""
    _enabled()
    query = request.GET if request.method == "GET" else QueryDict(request.POST.get("order", ""))
    try:
        order = sandbox.check_order(query)
    except sandbox.OrderRefused as refusal:
        return render(request, "payments/sandbox/refused.html", {"reason": refusal.message}, status=STATUS_REFUSED)
    if request.method == "GET":
        return render(
            request,
            "payments/sandbox/pay.html",
            {"order": order, "order_query": request.META.get("QUERY_STRING", "")},
        )
    result = sandbox.result_params(order, paid=request.POST.get("decision") == "pay")
    try:
        answer = sandbox.call_ipn(_ipn_url(request), result)
        logger.info("Sandbox IPN for %s answered %s", order.reference, answer)
    except (OSError, ValueError):
        # VNPAY would retry later; the merchant's return page then still shows the payment as waiting.
        logger.exception("Sandbox IPN for %s failed", order.reference)
    return redirect(sandbox.return_address(order, result))
