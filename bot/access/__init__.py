"""Who opened which resident's conversation, and when (the access log admins read)."""
