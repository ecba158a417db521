"""Mock mode: answer operations from the examples of the specification (``connexion run --mock``).

``app.add_api("spec.yaml", resolver=MockResolver(mock_all=True))`` answers every operation with
what its spec documents; with ``mock_all=False`` only the operations whose handler cannot be
resolved are mocked. The rules for status, media type and body are in :mod:`connexion.core.mock`.
"""

from __future__ import annotations

import itertools
import logging
from typing import Any

from connexion import utils
from connexion.core.mock import MockAnswer, build_answer
from connexion.core.resolver import FunctionResolver, Resolution, ResolvableOperation, Resolver
from connexion.core.sampling import SchemaSampler
from connexion.core.validation import JsonSchemaEngine
from connexion.exceptions import ResolverError

__all__ = ["MockAnswer", "MockHandler", "MockResolver"]

logger = logging.getLogger("connexion.mock")


class MockHandler:
    """The handler of a mocked operation: returns its precomputed :class:`MockAnswer`.

    It takes any arguments, so whatever the request carries never fails to bind.

    :param answer: what to answer.
    """

    __slots__ = ("answer",)

    def __init__(self, answer: MockAnswer) -> None:
        self.answer = answer

    def __call__(self, *args: Any, **kwargs: Any) -> tuple[Any, int, dict[str, str]]:
        return self.answer.response()

    def __repr__(self) -> str:
        return f"<MockHandler {self.answer.status} {self.answer.media_type}>"


class MockResolver(Resolver):
    """Answer operations with the examples of the specification.

    The answer of each operation (status, media type, body, headers) is computed once, when
    the API is added; each request gets a fresh copy of it.

    :param mock_all: mock every operation; when false, only those whose handler cannot be
        resolved (no operationId, an import that fails) are mocked, the others resolve as
        with :class:`~connexion.resolver.Resolver`.
    :param function_resolver: turns an absolute dotted name into the object it names.
    """

    def __init__(
        self,
        mock_all: bool,
        function_resolver: FunctionResolver = utils.get_function_from_name,
    ) -> None:
        super().__init__(function_resolver=function_resolver)
        self.mock_all = mock_all
        self._counter = itertools.count(1)
        # One engine and one sampler per spec version: a model used by many responses is
        # compiled and built once.
        self._engine = JsonSchemaEngine(shared=True)
        self._samplers: dict[tuple[int, int], SchemaSampler] = {}

    def resolve(self, operation: ResolvableOperation) -> Resolution:
        """Return the mock handler of ``operation`` (or its real handler, see ``mock_all``).

        :param operation: the operation to resolve.
        """
        operation_id = self.resolve_operation_id(operation)
        if operation_id and not self.mock_all:
            try:
                function = self.resolve_function_from_operation_id(operation_id)
            except ResolverError as error:
                logger.debug("%s; mocking %s", error.reason, _describe(operation))
            else:
                logger.info("Resolved %r: %s is not mocked", operation_id, _describe(operation))
                return Resolution(function, operation_id)
        if not operation_id:
            operation_id = f"mock-{next(self._counter)}"
        return Resolution(self.mock_function(operation), operation_id)

    def mock_function(self, operation: ResolvableOperation) -> MockHandler:
        """Compute the answer of ``operation`` and return the handler that gives it.

        :param operation: the operation to mock.
        """
        version = operation.version
        sampler = self._samplers.get(version)
        if sampler is None:
            sampler = self._samplers[version] = SchemaSampler(version, "response", self._engine)
        answer = build_answer(
            operation.operation,
            version,
            getattr(operation, "produces", None) or ("application/json",),
            sampler=sampler,
        )
        for warning in answer.warnings:
            logger.warning("Mock of %s: %s", _describe(operation), warning)
        return MockHandler(answer)

    def mock_operation(
        self, operation: ResolvableOperation, *args: Any, **kwargs: Any
    ) -> tuple[Any, int, dict[str, str]]:
        """Return the mock answer of ``operation`` as ``(body, status, headers)``
        (connexion 2's name; arguments after the operation are ignored).

        :param operation: the operation to mock.
        """
        return self.mock_function(operation)(*args, **kwargs)


def _describe(operation: ResolvableOperation) -> str:
    return f"{operation.method.upper()} {operation.path}"
