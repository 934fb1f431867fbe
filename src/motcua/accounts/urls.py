from django.urls import path

from motcua.accounts import otp_views, views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-nhap/xac-thuc-hai-buoc/", otp_views.otp_verify, name="otp_verify"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("bao-mat/", otp_views.security, name="security"),
    path("bao-mat/xac-thuc-hai-buoc/bat/", otp_views.otp_enrol, name="otp_enrol"),
    path("bao-mat/xac-thuc-hai-buoc/tat/", otp_views.otp_disable, name="otp_disable"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/hoan-tat/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
