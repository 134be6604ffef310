"""Reading and cleaning the exports: files to typed responses, the hand-kept files,
the cleaning rules, and writing data/processed/."""
