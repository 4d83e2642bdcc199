"""Personal numbers residents type (CCCD, phones, cards, accounts, OTPs, passwords) masked before anything
keeps or shows them. A leaf package: the conversation core, handoff and the logs use it; it uses none of them."""
