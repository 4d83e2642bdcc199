"""Our additions to the Rasa server: the only code of ours its Python 3.10 imports (besides the shared
language code in nlu/), and the only code that may import `rasa`.

Rasa 3.6 runs in a virtualenv of its own (it pins old SQLAlchemy and pydantic), so what it loads is kept
apart from the gateway's packages: the NLU graph components named in config.yml (`nlu/`), the gateway's
input channel (`channel.py`, named in bot/dialogue/credentials.yml), the tracker store (`tracker_store.py`,
named in bot/dialogue/endpoints.yml) and the patches that make the server faster and leaner (`patches/`;
the server is started as `python -m rasa_addons.patches.lean run …`). Dependencies point one way: this
package imports nlu/, and bot/, knowledge/, actions/ and nlu/ never import it (tests/test_virtualenvs.py).
"""
