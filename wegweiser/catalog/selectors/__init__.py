"""Reading the catalog."""
