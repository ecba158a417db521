"""The core must import and work with no web framework, event loop or gevent available."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys
import textwrap

BLOCKED = ("flask", "werkzeug", "aiohttp", "quart", "asyncio", "gevent", "greenlet")


def test_core_imports_and_runs_with_frameworks_blocked():
    # A fresh interpreter: blocking modules in this process would disturb other tests.
    script = textwrap.dedent(
        f"""
        import sys
        for name in {BLOCKED!r}:
            sys.modules[name] = None
        import pkgutil, importlib
        import connexion.core
        names = [m.name for m in pkgutil.iter_modules(connexion.core.__path__)]
        for name in names:
            importlib.import_module("connexion.core." + name)
        from connexion.core.operation import ApiConfig, build_operations
        from connexion.core.pipeline import PipelineSettings, request_pipeline
        from connexion.core.request import ConnexionRequest
        from connexion.core.resolver import Resolver
        from connexion.core.spec import Specification
        from connexion.drivers import run_sync

        # openapi-spec-validator itself imports asyncio (through pydantic-settings), so the
        # document is not validated here; the core's own imports are what is checked.
        spec = Specification.load({{
            "openapi": "3.0.3",
            "info": {{"title": "t", "version": "1"}},
            "paths": {{"/double/{{n}}": {{"get": {{
                "operationId": "double",
                "parameters": [{{"name": "n", "in": "path", "required": True,
                                 "schema": {{"type": "integer"}}}}],
                "responses": {{"200": {{"description": "ok"}}}}}}}}}},
        }}, validate=False)
        config = ApiConfig(version=spec.version,
                           resolver=Resolver(lambda name: lambda n: {{"result": n * 2}}))
        [op] = build_operations(spec.operations(), config)
        request = ConnexionRequest("http://x/double/21", "GET", path_params={{"n": "21"}})
        response = run_sync(request_pipeline(op, request, PipelineSettings()), request)
        assert response.status_code == 200, response.body
        assert response.body == b'{{"result": 42}}\\n', response.body
        bad = ConnexionRequest("http://x/double/x", "GET", path_params={{"n": "x"}})
        response = run_sync(request_pipeline(op, bad, PipelineSettings()), bad)
        assert response.status_code == 400
        for name in {BLOCKED!r}:
            assert sys.modules[name] is None, name
        print("core-ok", len(names))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "core-ok" in result.stdout


def test_core_source_imports_no_framework():
    core = pathlib.Path(__file__).resolve().parents[2] / "connexion" / "core"
    offenders = []
    for path in sorted(core.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            offenders += [
                f"{path.name}: {name}" for name in names if name.split(".")[0] in BLOCKED
            ]
    assert len(list(core.glob("*.py"))) > 10
    assert offenders == []
