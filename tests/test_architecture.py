"""The house rules for how the code depends on itself, checked on every run.

- Layers run one way: ``portal`` at the bottom, ``cms`` above it,
  ``recruitment`` and ``cohorts`` on top. Of those two, recruitment may use
  cohorts (a recruit joins a cohort), never the other way.
- No two modules import each other, directly or round a circle, not even
  inside a function.
- Nobody imports another module's ``_private`` names, or reaches for them
  through the module (``services._locked``).
- An import inside a function says why in a comment on the line above (a
  genuine load-order problem); ``AppConfig.ready`` is Django's own such place.

Imports are read from the source with ``ast``, so the check costs no imports.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "cms", "recruitment", "cohorts")
LAYER = {"portal": 0, "cms": 1, "recruitment": 2, "cohorts": 2}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def source_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path


MODULES = {module_name(path): path for path in source_files()}


def first_party(name: str) -> bool:
    return name.split(".")[0] in APPS


def resolve(name: str) -> str:
    """The longest known module that ``name`` starts with."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return name


class Imports(ast.NodeVisitor):
    """Every first-party import in a module, with where it stands."""

    def __init__(self, module: str, lines: list[str]):
        self.module = module
        self.lines = lines
        self.depth = 0
        self.in_ready = False
        # (target module, imported name or None, line, inside a function without a reason)
        self.found = []
        self.aliases = {}  # local name -> first-party module

    def visit_FunctionDef(self, node):
        self.depth += 1
        was_ready = self.in_ready
        self.in_ready = self.in_ready or node.name == "ready"
        self.generic_visit(node)
        self.in_ready = was_ready
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def _base(self, node: ast.ImportFrom) -> str:
        if node.level:
            package = self.module.split(".")
            if MODULES[self.module].name != "__init__.py":
                package = package[:-1]
            package = package[: len(package) - node.level + 1]
            return ".".join([*package, node.module] if node.module else package)
        return node.module or ""

    def visit_Import(self, node):
        for alias in node.names:
            if first_party(alias.name):
                target = resolve(alias.name)
                self.found.append((target, None, node.lineno, self.unexplained(node.lineno)))
                self.aliases[alias.asname or alias.name.split(".")[0]] = target

    def visit_ImportFrom(self, node):
        base = self._base(node)
        if not first_party(base):
            return
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            if submodule in MODULES:
                self.found.append((submodule, None, node.lineno, self.unexplained(node.lineno)))
                self.aliases[alias.asname or alias.name] = submodule
            else:
                target = resolve(base)
                self.found.append((target, alias.name, node.lineno, self.unexplained(node.lineno)))

    def unexplained(self, line: int) -> bool:
        """Inside a function, with no comment on the line above or on the line itself."""
        if self.depth == 0 or self.in_ready:
            return False
        above = self.lines[line - 2].strip() if line >= 2 else ""
        return not (above.startswith("#") or "#" in self.lines[line - 1])


def scan():
    graph = defaultdict(set)
    problems = []
    for module, path in MODULES.items():
        source = path.read_text()
        tree = ast.parse(source)
        visitor = Imports(module, source.splitlines())
        visitor.visit(tree)
        for target, name, line, unexplained in visitor.found:
            if target == module or not first_party(target):
                continue
            graph[module].add(target)
            if name and name.startswith("_") and not name.startswith("__"):
                problems.append(f"{module}:{line} imports private {target}.{name}")
            if unexplained:
                problems.append(f"{module}:{line} imports {target} inside a function, unexplained")
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in visitor.aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                target = visitor.aliases[node.value.id]
                problems.append(f"{module}:{node.lineno} uses private {target}.{node.attr}")
    return graph, sorted(set(problems))


GRAPH, PROBLEMS = scan()


def cycles(graph) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def connect(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in list(graph):
        if node not in index:
            connect(node)
    return result


def test_no_module_imports_another_modules_private_names():
    private = [p for p in PROBLEMS if "private" in p]
    assert private == []


def test_imports_inside_functions_say_why():
    unexplained = [p for p in PROBLEMS if "inside a function" in p]
    assert unexplained == []


def test_no_two_modules_import_each_other():
    assert cycles(GRAPH) == []


def test_layers_depend_downwards_only():
    upward = sorted(
        f"{source} -> {target}"
        for source, targets in GRAPH.items()
        for target in targets
        if LAYER[target.split(".")[0]] > LAYER[source.split(".")[0]]
    )
    assert upward == []


def test_cohorts_never_depends_on_recruitment():
    into_recruitment = sorted(
        f"{source} -> {target}"
        for source, targets in GRAPH.items()
        for target in targets
        if source.startswith("cohorts") and target.startswith("recruitment")
    )
    assert into_recruitment == []


def test_the_checker_sees_what_it_checks():
    # A checker that read nothing would pass everything.
    assert len(MODULES) > 40
    assert "recruitment.models" in GRAPH["recruitment.forms"]
