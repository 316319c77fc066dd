"""The dashboard's figures (reads only), in named parts: `achievements` (the five-smalls charts
and the helpers every chart uses), `parts` (benefit by channel, studios, pairs, service orders,
competitions, budget lines) and `board` (the whole dashboard of a caller)."""

from .achievements import fen_to_yuan, in_node
from .board import dashboard_for, staff_charts

__all__ = ["dashboard_for", "fen_to_yuan", "in_node", "staff_charts"]
