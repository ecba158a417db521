"""Hello world: one OpenAPI 3 operation served by Flask on port 8080.

Run ``python examples/helloworld/hello.py`` and open http://127.0.0.1:8080/openapi/greeting/dave
with a POST (``curl -X POST http://127.0.0.1:8080/openapi/greeting/dave``).
"""

from __future__ import annotations

import pathlib

import connexion


def post_greeting(name: str) -> str:
    """The handler of ``POST /greeting/{name}``: the ``name`` path parameter is an argument."""
    return f"Hello {name}"


HERE = pathlib.Path(__file__).resolve().parent

app = connexion.FlaskApp(__name__, specification_dir=HERE / "spec")
app.add_api("openapi.yaml", arguments={"title": "Hello World Example"})

if __name__ == "__main__":
    app.run(port=8080)
