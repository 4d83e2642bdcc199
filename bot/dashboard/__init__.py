"""The ward's dashboard (/admin/thong-ke): aggregates of what residents asked and how they were helped.

It only reads: the conversation core and its features never call it. Message-level facts are kept in
daily roll-ups (models.py, rollup.py) that the dashboard brings up to date itself before each read; the
figures are read from them in metrics/ and shown, section by section, by sections/ (routes.py serves them).
"""
