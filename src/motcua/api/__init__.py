"""The REST API faces of MotCua (thin: they call services and accounts.scope)."""
