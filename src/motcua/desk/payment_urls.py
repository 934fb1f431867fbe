from django.urls import path

from motcua.desk import payment_views

urlpatterns = [
    path("", payment_views.payment_desk, name="payment-desk"),
    path("ho-so/<int:pk>/", payment_views.payment_dossier, name="payment-dossier"),
    path("ho-so/<int:pk>/tien-mat/", payment_views.payment_cash, name="payment-cash"),
    path("ho-so/<int:pk>/chuyen-khoan/", payment_views.payment_transfer, name="payment-desk-transfer"),
    path("giao-dich/<int:pk>/xac-nhan/", payment_views.payment_confirm, name="payment-confirm"),
    path("giao-dich/<int:pk>/huy/", payment_views.payment_cancel, name="payment-cancel"),
    path("giao-dich/<int:pk>/bien-nhan.pdf", payment_views.payment_receipt, name="payment-desk-receipt"),
]
