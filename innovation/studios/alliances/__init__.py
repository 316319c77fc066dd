"""Alliances of studios and their joint projects."""
