"""The processed data (data/processed/): its schema and its read side, and the keys that tie its rows together."""
