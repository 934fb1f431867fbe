"""Django's flush, with the legal history's guard lifted for its transaction (motcua.core.append_only).

The test runner empties the database with this command between tests that commit; like every change to the
history it works only for the tables' owner on PostgreSQL (the runtime role is refused by the triggers).
"""

from django.core.management.commands import flush

from motcua.core.append_only import maintenance


class Command(flush.Command):
    def handle(self, **options):
        with maintenance(options["database"]):
            super().handle(**options)
