"""A tiny stock-keeping library, used to show pycov on a real package."""

from .stock import Stock, OutOfStock
from .pricing import price_for

__all__ = ["Stock", "OutOfStock", "price_for"]
