"""Makes MotCuaAdminSite the default admin site (INSTALLED_APPS entry instead of "django.contrib.admin").

Kept apart from admin_site.py because app configs are imported before models may be.
"""

from django.contrib.admin.apps import AdminConfig


class MotCuaAdminConfig(AdminConfig):
    default_site = "motcua.accounts.admin_site.MotCuaAdminSite"
