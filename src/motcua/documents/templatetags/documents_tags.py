from django import template

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """Whole đồng with dots between thousands, as Vietnamese documents write them: 1250000 → "1.250.000"."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".")
