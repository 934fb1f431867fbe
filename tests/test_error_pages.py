"""Error pages speak Vietnamese (DEBUG is off in tests, as in production)."""

import pytest


@pytest.mark.django_db
def test_unknown_address_gives_a_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text
    assert 'lang="vi"' in response.text
