"""Subsidies: versioned policies and the city's yearly subsidy round (on the workflow kernel,
four-eyes), committed and paid through the funds ledger."""
