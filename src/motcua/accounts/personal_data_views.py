"""The citizen's "Dữ liệu cá nhân" page: what is kept and why, a copy of their data as a JSON file, and the request
that their account be deleted (motcua.accounts.personal_data_requests)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.accounts import personal_data_requests as requests
from motcua.accounts.decorators import verified_login_required


@never_cache
@verified_login_required
def personal_data(request):
    user = request.user
    return render(
        request,
        "accounts/personal_data.html",
        {
            "consent": user.consents.order_by("-given_at").first(),
            "open_request": user.deletion_requests.filter(done_at__isnull=True).first(),
        },
    )


@never_cache
@verified_login_required
def download(request):
    response = HttpResponse(requests.export_json(request.user), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="du-lieu-ca-nhan.json"'
    return response


@verified_login_required
@require_POST
def request_deletion(request):
    requests.request_deletion(request.user)
    messages.success(
        request,
        _(
            "Đã ghi nhận yêu cầu xóa tài khoản. Cơ quan sẽ xử lý và báo lại cho bạn; các hồ sơ đã nộp vẫn được lưu "
            "theo quy định về lưu trữ."
        ),
    )
    return redirect("accounts:personal_data")
