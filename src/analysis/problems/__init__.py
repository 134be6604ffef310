"""Problems found in the inputs: the record, what a message may show of a cell, and their texts."""
