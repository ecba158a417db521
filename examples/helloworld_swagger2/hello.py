"""Hello world in Swagger 2.0: the twin of ``examples/helloworld``, on port 8080.

Run ``python examples/helloworld_swagger2/hello.py``, then
``curl -X POST http://127.0.0.1:8080/swagger/greeting/dave``.
"""

from __future__ import annotations

import pathlib

import connexion


def post_greeting(name: str) -> str:
    """The handler of ``POST /greeting/{name}``: the ``name`` path parameter is an argument."""
    return f"Hello {name}"


HERE = pathlib.Path(__file__).resolve().parent

app = connexion.FlaskApp(__name__, specification_dir=HERE / "spec")
app.add_api("swagger.yaml", arguments={"title": "Hello World Example"})

if __name__ == "__main__":
    app.run(port=8080)
