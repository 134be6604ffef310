"""HTML for a reader: tables, charts and text, escaped once."""
