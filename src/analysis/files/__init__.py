"""Files in and out: reading any spreadsheet or CSV into a grid of cells, and writing outputs atomically."""
