"""Words for a reader: numbers, dates and Finnish that agrees."""
