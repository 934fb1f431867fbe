from django.urls import path

from motcua.portal import payment_views

urlpatterns = [
    path("", payment_views.payment_index, name="payments"),
    path("ho-so/<int:pk>/", payment_views.payment_start, name="payment-start"),
    path("ho-so/<int:pk>/truc-tuyen/", payment_views.payment_online, name="payment-online"),
    path("ho-so/<int:pk>/chuyen-khoan/", payment_views.payment_transfer, name="payment-transfer"),
    path("giao-dich/<str:reference>/", payment_views.payment_detail, name="payment-detail"),
    path("giao-dich/<str:reference>/bien-nhan.pdf", payment_views.payment_receipt, name="payment-receipt"),
    path("ket-qua/", payment_views.payment_return, name="payment-return"),
    path("ipn/", payment_views.payment_ipn, name="payment-ipn"),
]
