from django.urls import path

from motcua.payments import sandbox_views

# VNPAY's own path for its payment page, so the sandbox address differs from the real one by the host only.
urlpatterns = [
    path("paymentv2/vpcpay.html", sandbox_views.pay, name="payments-sandbox-pay"),
]
