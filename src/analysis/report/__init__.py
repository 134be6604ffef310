"""The report: its sections, charts and rendering, run in the report notebook."""
