"""Password rules with Vietnamese messages where Django's own Vietnamese catalogue is out of date."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return (
            ngettext(
                "Mật khẩu quá ngắn: cần ít nhất %d ký tự.",
                "Mật khẩu quá ngắn: cần ít nhất %d ký tự.",
                self.min_length,
            )
            % self.min_length
        )
