"""Every figure of the dashboard, each defined once in this package (the README's table repeats the definitions):
the overview's tiles (overview.py), when residents ask (timing.py), what they ask (entries.py), handoffs and
call-backs (handoff.py), satisfaction and endings (satisfaction.py) and the guides (guides.py); queries.py
holds what their queries share.

The unit «lượt trò chuyện» (a conversation-day) is one resident's conversation on one Việt Nam day:
a Conversation row is a resident on a channel for months, so counting rows would count people, not
visits. The figures read the roll-ups (rollup.py) and the tickets and call-backs themselves, which
are small; handoff figures follow the day's first ticket of each conversation-day, so the
handoff tiles, reasons and waits all count the same tickets. What a conversation-day's row says
(helped, resolved by the bot alone, how it ended) is defined in bot/dashboard/definitions.py; totals.py there adds the rows up.

Which rows: the sums (conversation-days, questions, votes, endings, the heat map, answers per entry,
residents helped for the first time) come from the totals per day and hour and per day and entry
(HourTotals, EntryTotals) when no category is chosen (queries.by_totals); the conversation-days themselves are
read for the residents helped again, the tickets, and whenever a category is chosen (a conversation-day is in a category if it touched one of the category's
entries, as they are filed now: totals added up per category would go stale when an entry is moved).

Older than retention: the roll-ups (with the 👍/👎 on each answer) and the tickets (reason, times,
outcome, stars) outlive erasure, so every figure of a period past the retention period stays as it
was, except call-backs (erased with their conversation: their counts come from UsageCount from then
on), the comments of ratings (erased) and the unanswered groups (they need the messages' text).
"""
