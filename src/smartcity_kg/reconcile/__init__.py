"""Reconciliation: a cell of a spreadsheet matched to an entity of the graph, for `serve` (/reconcile, the W3C
Reconciliation Service API 0.2) and `smartcity-kg reconcile` (a CSV file). The policy is matching.toml."""
