"""Pages of 金牌师徒: the agreements (agreements.py) and their progress (progress.py)."""
