"""An account's own choice of notification channels (kênh nhận thông báo), as chosen on its account page.

The choice is stored as the account's ChannelPreference and is what motcua.notify.services.channels_for obeys. At
least one channel stays on, so a person cannot cut themselves off from notices about their dossiers by mistake.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.notify.models import ChannelPreference


def preference_of(user) -> ChannelPreference:
    """The stored choice, or the default (every channel) unsaved."""
    return ChannelPreference.objects.filter(user=user).first() or ChannelPreference(user=user)


class ChannelPreferenceForm(forms.ModelForm):
    class Meta:
        model = ChannelPreference
        fields = ["email", "sms"]
        labels = {"email": _("Nhận qua thư điện tử"), "sms": _("Nhận qua tin nhắn SMS")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, instance=preference_of(user), **kwargs)
        self.instance.user = user
        if not user.email:
            self.fields["email"].help_text = _("Tài khoản chưa có thư điện tử: chưa gửi được qua kênh này.")
        if not user.phone:
            self.fields["sms"].help_text = _("Tài khoản chưa có số điện thoại: chưa gửi được qua kênh này.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("sms"):
            raise forms.ValidationError(_("Hãy chọn ít nhất một kênh để nhận thông báo về hồ sơ của bạn."), code="none")
        return cleaned
