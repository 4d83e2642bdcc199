"""Rasa NLU graph components, named by module path in config.yml; the language work is the top-level nlu/'s."""
