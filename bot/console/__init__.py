"""The volunteer console (/console): live queue, claimed conversations, call-backs."""
