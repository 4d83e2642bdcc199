"""Version-guarded patches of Rasa 3.6 for the server process: speed (speedups.py) and memory (lean.py),
each with its switch, under the rules of guard.py."""
