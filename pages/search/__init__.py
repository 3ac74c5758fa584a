"""Site search: query building, highlighting, result details and search logs."""
