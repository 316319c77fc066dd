"""The pages of the skills competitions: events, leagues and schemes (events.py), registrations
and contestant cards (registration.py), the judge's sheet, theory scores and the chief judge's
sign-off (judging.py)."""
