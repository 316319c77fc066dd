"""Naming: the namings a studio holds (recorded from the province or the nation, or made by the
city through an application and its workflow), rosters, lineage and plaques."""
