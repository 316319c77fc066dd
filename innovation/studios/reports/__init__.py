"""Yearly reports (on the workflow kernel), their assessment against the rubric in force, and
revocation."""
