"""The summary's tables and counts, from the processed data."""
