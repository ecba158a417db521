"""Swagger UI as a person uses it: Debian's headless Chromium, driven by Playwright, opens
``{base}/ui/`` of a real server on each backend, finds every operation and runs "Try it out".
A missing Chromium fails these tests (``.ci/install-chromium`` installs it); it never skips them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import pathlib
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Locator, Page, Request, Route, expect, sync_playwright

from tests.browser.pet_store import FIXTURES, HOST, PETS
from tests.servers.process import free_port, launch, stop

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = pathlib.Path("/usr/bin/chromium")
MISSING_CHROMIUM = (
    f"{CHROMIUM} is missing: install Debian's chromium: apt-get install chromium "
    "(bash .ci/install-chromium does it)"
)
#: Without the networking flags Chromium reaches for Google's hosts, which this machine's
#: closed network refuses. Playwright gives every launch a fresh, empty profile directory.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The bound of every browser action and expectation, in milliseconds.
TIMEOUT_MS = 15_000
#: How long a server may take to answer its first request.
READY_SECONDS = 20.0
SPECS = {"openapi": "openapi.yaml", "swagger": "swagger.yaml"}
SPEC_BASE_PATH = "/petstore"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


# --- the server ----------------------------------------------------------------------------------


@dataclasses.dataclass
class Server:
    """A pet store server process and the address of its API."""

    port: int
    process: subprocess.Popen[bytes]
    log: pathlib.Path
    base_path: str

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def console(self) -> str:
        return f"{self.origin}{self.base_path}/ui/"

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def answers(url: str) -> bool:
    """Whether something answers HTTP at ``url`` (any status counts)."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            response.read()
    except urllib.error.HTTPError as error:
        error.close()
    except OSError:
        return False
    return True


@contextlib.contextmanager
def serve(
    backend: str, spec: str, tmp_path: pathlib.Path, base_path: str | None = None
) -> Iterator[Server]:
    """Run the pet store of ``backend`` serving ``spec`` until the block ends."""
    port = free_port()
    argv = [sys.executable, "-m", "tests.browser.pet_store", backend, str(port), spec]
    if base_path is not None:
        argv.append(base_path)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "server.log"
    process = launch(argv, log, cwd=ROOT, env=env)
    server = Server(port, process, log, SPEC_BASE_PATH if base_path is None else base_path)
    done = False
    try:
        deadline = time.monotonic() + READY_SECONDS
        while not answers(server.console):
            if process.poll() is not None:
                pytest.fail(f"the {backend} server exited with {process.returncode}")
            if time.monotonic() > deadline:
                pytest.fail(f"the {backend} server did not answer within {READY_SECONDS} s")
            time.sleep(0.05)
        yield server
        done = True
    finally:
        stop(process)
        if not done:  # shown with the failure: what the server said
            print(f"--- output of the {backend} server:\n{server.output()}")


# --- the browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, launched once for this module.

    Module scope, not session scope: between its calls Playwright's sync API leaves its event
    loop marked as running in this thread, which other modules' ``asyncio.run`` would refuse.
    """
    if not CHROMIUM.exists():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            timeout=TIMEOUT_MS,
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page of a new browser context (no cookies, cache or storage of another test).

    Errors the page's scripts raise fail the test.
    """
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield opened
    finally:
        context.close()
    assert errors == [], "the console's scripts raised errors"


# --- what the console shows ----------------------------------------------------------------------


def spec_operations(spec: str) -> list[tuple[str, str, str]]:
    """(METHOD, path, summary) of every operation of a spec file of tests/browser/fixtures."""
    document = yaml.safe_load((FIXTURES / spec).read_text())
    return [
        (method.upper(), path, operation["summary"])
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def rendered_operations(page: Page) -> list[tuple[str, str, str]]:
    """(METHOD, path, summary) of every operation block the console shows."""
    found = []
    for block in page.locator(".opblock").all():
        expect(block).to_be_visible()
        method = block.locator(".opblock-summary-method").inner_text().strip()
        path = block.locator(".opblock-summary-path").get_attribute("data-path") or ""
        summary = block.locator(".opblock-summary-description").inner_text().strip()
        found.append((method, path, summary))
    return found


def open_console(page: Page, url: str, spec: str) -> None:
    """Open the console and wait until it lists as many operations as ``spec`` has."""
    response = page.goto(url)
    assert response is not None and response.status == 200, f"GET {url}: {response}"
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Browser pet store")
    expect(page.locator(".opblock")).to_have_count(len(spec_operations(spec)))


def operation(page: Page, method: str, path: str) -> Locator:
    """The block of one operation."""
    return page.locator(f".opblock-{method}").filter(
        has=page.locator(f'.opblock-summary-path[data-path="{path}"]')
    )


def try_it_out(block: Locator) -> None:
    """Expand an operation and switch it to "Try it out"."""
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Try it out").click()
    expect(block.get_by_role("button", name="Execute")).to_be_visible()


def execute(page: Page, block: Locator, path_part: str) -> tuple[Request, Locator]:
    """Click Execute; return the request the browser sent and the live response shown."""
    with page.expect_request(lambda request: path_part in request.url) as sent:
        block.get_by_role("button", name="Execute").click()
    live = block.locator(".responses-wrapper .live-responses-table")
    expect(live).to_be_visible()
    return sent.value, live


def response_body(live: Locator) -> Any:
    """The JSON body the console shows for a live response."""
    code = live.locator(".response-col_description .microlight").first
    expect(code).to_be_visible()
    return json.loads(code.inner_text())


def status_of(live: Locator) -> Locator:
    """The status cell of a live response (the table's header row has the same class)."""
    return live.locator("tbody td.response-col_status")


def request_url(block: Locator) -> str:
    """The request URL the console shows after Execute."""
    shown = block.locator(".request-url pre")
    expect(shown).to_be_visible()
    return shown.inner_text().strip()


# --- the tests -----------------------------------------------------------------------------------


def try_get_pet(page: Page, server: Server) -> None:
    """GET /pets/{pet_id} with pet_id 2: the request goes to the base path, the pet shows."""
    block = operation(page, "get", "/pets/{pet_id}")
    try_it_out(block)
    block.locator('tr[data-param-name="pet_id"] input').fill("2")
    sent, live = execute(page, block, "/pets/2")

    expected_url = f"{server.origin}{SPEC_BASE_PATH}/pets/2"
    assert sent.url == expected_url
    assert sent.method == "GET"
    assert request_url(block) == expected_url
    expect(status_of(live)).to_have_text("200")
    assert response_body(live) == PETS[2]


def try_add_pet(page: Page, server: Server) -> None:
    """POST /pets with a body the schema accepts (201), then with one it refuses (400)."""
    block = operation(page, "post", "/pets")
    try_it_out(block)
    body = block.locator("textarea.body-param__text")
    # The console fills the body from the schema's examples.
    assert json.loads(body.input_value()) == {"name": "Rex", "tag": "dog"}

    body.fill(json.dumps({"name": "Hedwig", "tag": "owl"}))
    sent, live = execute(page, block, "/pets")
    assert sent.method == "POST"
    assert sent.url == f"{server.origin}{SPEC_BASE_PATH}/pets"
    assert json.loads(sent.post_data or "") == {"name": "Hedwig", "tag": "owl"}
    expect(status_of(live)).to_have_text("201")
    assert response_body(live) == {"id": max(PETS) + 1, "name": "Hedwig", "tag": "owl"}

    # Refused for a reason the console does not check itself (it refuses {"name": ""}
    # before sending anything): the console shows the problem connexion answered.
    refused = {"name": "Rex", "colour": "black"}
    body.fill(json.dumps(refused))
    sent, live = execute(page, block, "/pets")
    assert json.loads(sent.post_data or "") == refused
    # The spec does not document a 400: the console adds "Undocumented" to the status.
    expect(status_of(live)).to_have_text(re.compile(r"^400\b"))
    problem = response_body(live)
    assert problem["status"] == 400
    assert problem["title"] == "Bad Request"


@pytest.mark.parametrize("spec_name", sorted(SPECS))
def test_console_lists_every_operation_and_tries_them_out(
    backend: str, spec_name: str, page: Page, tmp_path: pathlib.Path
) -> None:
    spec = SPECS[spec_name]
    with serve(backend, spec, tmp_path) as server:
        open_console(page, server.console, spec)
        assert sorted(rendered_operations(page)) == sorted(spec_operations(spec))
        try_get_pet(page, server)
        try_add_pet(page, server)


def test_try_it_out_goes_to_the_base_path_behind_a_proxy_prefix(
    backend: str, page: Page, tmp_path: pathlib.Path
) -> None:
    """The API is added with base_path /api/v1, and reached under /proxy as a proxy would.

    A route of the browser context plays the reverse proxy: it strips ``/proxy`` from the
    URL and sends ``X-Forwarded-Prefix: /proxy`` to the server, which must then give the
    console a spec whose "Try it out" URLs start with ``/proxy/api/v1``.
    """
    prefix, base_path = "/proxy", "/api/v1"
    spec = SPECS["openapi"]
    with serve(backend, spec, tmp_path, base_path=base_path) as server:
        proxied: list[str] = []

        def reverse_proxy(route: Route) -> None:
            url = route.request.url
            proxied.append(url)
            upstream = server.origin + url[len(server.origin) + len(prefix) :]
            headers = {**route.request.headers, "x-forwarded-prefix": prefix}
            route.fulfill(response=route.fetch(url=upstream, headers=headers))

        page.route(re.compile(re.escape(server.origin + prefix + "/") + ".*"), reverse_proxy)
        open_console(page, f"{server.origin}{prefix}{base_path}/ui/", spec)
        assert sorted(rendered_operations(page)) == sorted(spec_operations(spec))

        block = operation(page, "get", "/pets")
        try_it_out(block)
        block.locator('tr[data-param-name="limit"] input').fill("1")
        sent, live = execute(page, block, "/pets")

        expected_url = f"{server.origin}{prefix}{base_path}/pets?limit=1"
        assert sent.url == expected_url
        assert request_url(block) == expected_url
        expect(status_of(live)).to_have_text("200")
        assert response_body(live) == [PETS[1]]
        # Every request of the page went through the proxy: the page, its assets, the spec
        # and the API call.
        assert f"{server.origin}{prefix}{base_path}/openapi.json" in proxied
        assert expected_url in proxied
