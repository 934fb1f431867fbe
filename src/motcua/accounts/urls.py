from django.urls import include, path

from motcua.accounts import (
    contact_views,
    otp_views,
    personal_data_views,
    phone_reset_views,
    profile_views,
    signup_views,
    token_views,
    views,
)
from motcua.accounts.oidc import views as oidc_views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-nhap/xac-thuc-hai-buoc/", otp_views.otp_verify, name="otp_verify"),
    path("dang-nhap/bat-xac-thuc-hai-buoc/", otp_views.otp_login_enrol, name="otp_login_enrol"),
    path("dang-nhap/vneid/", oidc_views.OIDCLoginView.as_view(), name="oidc_login"),
    path("dang-nhap/vneid/tra-ve/", oidc_views.OIDCCallbackView.as_view(), name="oidc_callback"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("dang-ky/", signup_views.signup_start, name="signup"),
    path("dang-ky/xac-minh/", signup_views.signup_verify, name="signup_verify"),
    path("dang-ky/gui-lai-ma/", signup_views.signup_resend, name="signup_resend"),
    path("ho-so/", profile_views.profile, name="profile"),
    path("ho-so/lien-he/", contact_views.start, name="contact"),
    path("ho-so/lien-he/xac-minh/", contact_views.verify, name="contact_verify"),
    path("ho-so/lien-he/gui-lai-ma/", contact_views.resend, name="contact_resend"),
    # The channel choice belongs to notify (above accounts); included by module path, not imported.
    path("thong-bao/", include("motcua.notify.urls")),
    path("du-lieu-ca-nhan/", personal_data_views.personal_data, name="personal_data"),
    path("du-lieu-ca-nhan/tai-ve/", personal_data_views.download, name="personal_data_download"),
    path("du-lieu-ca-nhan/xoa-tai-khoan/", personal_data_views.request_deletion, name="personal_data_delete"),
    path("bao-mat/", otp_views.security, name="security"),
    path("bao-mat/xac-thuc-hai-buoc/bat/", otp_views.otp_enrol, name="otp_enrol"),
    path("bao-mat/xac-thuc-hai-buoc/tat/", otp_views.otp_disable, name="otp_disable"),
    path("ma-truy-cap-api/", token_views.api_tokens, name="api_tokens"),
    path("ma-truy-cap-api/<int:pk>/thu-hoi/", token_views.revoke_api_token, name="revoke_api_token"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/dien-thoai/", phone_reset_views.start, name="phone_reset"),
    path("quen-mat-khau/dien-thoai/xac-minh/", phone_reset_views.verify, name="phone_reset_verify"),
    path("quen-mat-khau/dien-thoai/gui-lai-ma/", phone_reset_views.resend, name="phone_reset_resend"),
    path("quen-mat-khau/dien-thoai/mat-khau-moi/", phone_reset_views.new_password, name="phone_reset_password"),
    path("quen-mat-khau/da-gui/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/hoan-tat/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
