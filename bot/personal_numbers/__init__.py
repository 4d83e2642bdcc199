"""Personal numbers residents type (CCCD, phones, cards, accounts, OTPs, passwords) masked before anything
keeps or shows them. A leaf package: the conversation core, handoff and the logs use it; it uses none of them.

Its one entry is masking.mask. The finders it combines: numbers.py (typed in numerals), spoken.py (read out by
speech-to-text), passwords.py and emails.py; a number's kind is decided in classify.py from its digits
(shapes.py) and the words around it (near.py: keywords.py, otp.py, amounts.py, lookalikes.py, on the word lists
of vocabulary.py)."""
