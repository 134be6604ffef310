"""Publishing the reports: build (clean, execute, convert), the index page, PDF and browser checks."""
