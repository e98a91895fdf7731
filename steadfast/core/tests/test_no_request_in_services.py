"""Services and selectors never take the HTTP request (decision 0015): the client address and
the signed-in person reach the audit trail through the audit context, and actors are passed
as users. This keeps a `request` parameter from creeping back."""

import ast
from pathlib import Path

import pytest

STEADFAST = Path(__file__).resolve().parents[2]
MODULES = sorted(
    path
    for pattern in ("*/services.py", "*/selectors.py", "*/services/*.py", "*/selectors/*.py")
    for path in STEADFAST.glob(pattern)
)


def _functions_taking_request(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = node.args
            names = [
                a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
            ]
            if "request" in names:
                found.append(f"{getattr(node, 'name', '<lambda>')} (line {node.lineno})")
    return found


def test_services_and_selectors_are_found():
    names = {path.relative_to(STEADFAST).as_posix() for path in MODULES}
    assert "core/services.py" in names and "cohorts/selectors.py" in names
    assert len(MODULES) > 10


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(STEADFAST).as_posix())
def test_no_service_or_selector_takes_request(path):
    assert _functions_taking_request(path) == []


def test_the_check_sees_a_request_parameter(tmp_path):
    sample = tmp_path / "services.py"
    sample.write_text(
        "def a(*, user, request=None): ...\n"
        "def b(request, /): ...\n"
        "class C:\n    def c(self, request): ...\n"
        "def d(*, training_request): ...\n"
    )
    assert _functions_taking_request(sample) == ["a (line 1)", "b (line 2)", "c (line 4)"]
