"""Theme coding of the open answers: the rules, the words, the coder, and what a person does with it."""
