"""Typed FastAPI dependencies for what the app's lifespan (bot/app.py) puts on `app.state`, one small module
per concern; each reads its attribute in one place, so routes and sockets never touch the untyped
`app.state` themselves.

Every alias reads its attribute through `bot/deps/state.py`'s `from_state`, which serves a route and a
WebSocket alike.

This package sits below the features: it imports only modules that import no feature (settings, the
database, limiters, client addresses, ward facts, the live knowledge index), so any package may use it.
A feature's own objects are given by the feature, where their users already import it: the conversation
service and the Rasa client by the core (bot/conversations/depends.py), the desk and the console's live
hub by bot/console/depends.py, the widget's tokens and origins by bot/channels/web/depends.py. Where a
package may not import the feature it needs, the dependency gives a Protocol of what it uses
(bot/deps/privacy.py: the widget socket's eraser).
"""
