"""Every audit action the code can record has a plain-English wording."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import voice_app
from voice_app import audit_wording

PACKAGE = Path(voice_app.__file__).parent


def _audit_record(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "record"
        and getattr(func.value, "id", "") == "audit"
    )


def _values(node: ast.AST, assigned: dict[str, list[ast.AST]]) -> list[str]:
    """The action codes an argument can be: constants, both sides of `a if c else b`, names
    assigned in the function or the module, and f-strings as prefixes ending in '*'."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _values(node.body, assigned) + _values(node.orelse, assigned)
    if isinstance(node, ast.JoinedStr):
        head = node.values[0]
        return [f"{head.value}*"] if isinstance(head, ast.Constant) else ["*"]
    if isinstance(node, ast.Name) and node.id in assigned:
        return [v for value in assigned[node.id] for v in _values(value, assigned)]
    return []


def _enclosing(tree: ast.Module) -> dict[ast.Call, ast.AST]:
    """Each call and the innermost function around it (or the module)."""
    owner: dict[ast.Call, ast.AST] = {}

    def visit(node: ast.AST, function: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call):
                owner[child] = function
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else None
            visit(child, inner or function)

    visit(tree, tree)
    return owner


def _assigned(*scopes: ast.AST) -> dict[str, list[ast.AST]]:
    assigned: dict[str, list[ast.AST]] = {}
    for scope in scopes:
        nodes = ast.walk(scope) if not isinstance(scope, ast.Module) else scope.body
        for node in nodes:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append(node.value)
    return assigned


def _params(function: ast.AST) -> list[str]:
    args = getattr(function, "args", None)
    return [a.arg for a in args.args + args.kwonlyargs] if args else []


def _action_arg(call: ast.Call, wrappers: dict[str, tuple[int, str]]) -> ast.AST | None:
    """The argument that holds the action: audit.record's second, or a module helper's own."""
    if _audit_record(call):
        index, name = 1, "action"
    elif getattr(call.func, "id", "") in wrappers:
        index, name = wrappers[call.func.id]
    else:
        return None
    keyword = next((k.value for k in call.keywords if k.arg == name), None)
    return call.args[index] if len(call.args) > index else keyword


def recorded_actions() -> dict[str, str]:
    """Every action code passed to the audit log anywhere in the package, with where. A
    module's helper that passes its own parameter on as the action (`_audit(..., action)`)
    counts as a recorder, and its callers' values are read instead."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        owners = _enclosing(tree)
        wrappers: dict[str, tuple[int, str]] = {}
        for _ in range(3):  # helpers that call helpers
            for call, function in owners.items():
                arg = _action_arg(call, wrappers)
                params = _params(function)
                if isinstance(arg, ast.Name) and arg.id in params:
                    wrappers[function.name] = (params.index(arg.id), arg.id)
        for call, function in owners.items():
            arg = _action_arg(call, wrappers)
            if arg is None or (isinstance(arg, ast.Name) and arg.id in _params(function)):
                continue
            values = _values(arg, _assigned(function, tree))
            assert values, f"{path}:{call.lineno}: cannot tell the audit action"
            for value in values:
                found.setdefault(value, f"{path.relative_to(PACKAGE)}:{call.lineno}")
    return found


def test_the_scan_finds_the_actions_it_should():
    actions = recorded_actions()
    assert {"person.added", "meeting.updated", "pin.line_paused", "outreach.*"} <= set(actions)
    assert len(actions) > 60


def test_every_recorded_action_has_a_wording():
    missing = {
        action: where
        for action, where in recorded_actions().items()
        if not audit_wording.covers(action)
    }
    assert not missing, f"audit actions with no wording in voice_app/audit_wording.py: {missing}"


def test_no_wording_is_left_for_an_action_nothing_records():
    recorded = recorded_actions()
    unused = [
        action
        for action in audit_wording.WORDINGS
        if action not in recorded
        and not any(a.endswith("*") and action.startswith(a[:-1]) for a in recorded)
    ]
    assert not unused


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("meeting.updated", "Sam changed a meeting's details: Winter buses."),
        ("no.such_action", "Sam did something recorded as “no.such_action”: Winter buses."),
    ],
)
def test_a_sentence_names_who_did_what_to_what(action, expected):
    assert audit_wording.sentence(action, "Sam", "Winter buses") == expected
