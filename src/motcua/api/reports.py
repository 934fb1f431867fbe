"""Report endpoints of the REST API (read only)."""

from ninja import Router

router = Router(tags=["reports"])
