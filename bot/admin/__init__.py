"""The staff editor (/admin): FAQ knowledge base, unanswered questions, ward facts, import/export."""
