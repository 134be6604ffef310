"""The expert panel's review: assignment, cards and workbooks, collecting the scores,
agreement and the final ranking."""
