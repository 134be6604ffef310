"""The form: its questions, options, scales and the 22 areas (the codebook)."""
