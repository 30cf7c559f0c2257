"""Every write to the catalog goes through these functions: they validate, save, keep the
search index in step and write the audit trail, all in one transaction."""
