#!/usr/bin/env python3
"""Reads Nova's own JSON Schemas and the microversion ranges its controllers bind them to.

Called by `nova-conformance import-nova-schemas --from PATH` (src/ConformanceKit.Contracts,
NovaSchemaImporter), which stores what this prints. PATH is an installed Nova
(/usr/lib/python3/dist-packages/nova, or the site-packages folder holding it) or a source tree
(the folder holding nova/).

- The schema modules (nova/api/openstack/compute/schemas/*.py) and the shared types they build on
  (nova/api/validation/parameter_types.py, response_types.py) are evaluated from PATH itself. The
  few other Nova names they read (nova.i18n._, nova.objects.tag.MAX_TAG_LENGTH,
  nova.objects.instance.MAX_TAG_COUNT, ...) are stubbed: with the value found in PATH when PATH has
  the file (read with ast, never imported), else with Nova's value written below.
- The controllers (nova/api/openstack/compute/*.py) are never imported: their decorators
  (wsgi.action, validation.schema, validation.query_schema, validation.response_body_schema with
  their min and max versions) are read with ast.

It prints one JSON document on stdout (keys sorted) and diagnostics on stderr; exit 2 on bad input.
Only the Python standard library is used.
"""

import ast
import importlib.util
import json
import os
import re
import sys
import types

# Nova's values for the names the schema modules read from outside nova/api (used only when PATH
# does not carry the module, e.g. the reference copy that has nova/api only).
FALLBACK_CONSTANTS = {
    "nova.objects.tag": {"MAX_TAG_LENGTH": 60},
    "nova.objects.instance": {"MAX_TAG_COUNT": 50},
    "nova.objects.external_event": {
        "EVENT_NAMES": ["network-changed", "network-vif-plugged", "network-vif-unplugged",
                        "network-vif-deleted", "volume-extended", "power-update",
                        "accelerator-request-bound", "volume-reimaged"],
        "EVENT_STATUSES": ["failed", "completed", "in-progress"],
    },
    "nova.compute.vm_states": {
        "ACTIVE": "active", "BUILDING": "building", "PAUSED": "paused", "SUSPENDED": "suspended",
        "STOPPED": "stopped", "RESCUED": "rescued", "RESIZED": "resized", "SOFT_DELETED": "soft-delete",
        "DELETED": "deleted", "ERROR": "error", "SHELVED": "shelved", "SHELVED_OFFLOADED": "shelved_offloaded",
    },
}


def fail(message):
    print("import-nova-schemas: " + message, file=sys.stderr)
    sys.exit(2)


def find_nova(path):
    """The nova package folder under PATH (PATH itself, PATH/nova)."""
    for candidate in (path, os.path.join(path, "nova")):
        if os.path.isdir(os.path.join(candidate, "api", "openstack", "compute", "schemas")):
            return os.path.abspath(candidate)
    fail(f"'{path}' holds no nova/api/openstack/compute/schemas: pass an installed Nova "
         "(/usr/lib/python3/dist-packages/nova) or a Nova source tree")


def literal_constants(path):
    """Module-level NAME = literal assignments of a Python file, read with ast (never imported)."""
    values = {}
    try:
        tree = ast.parse(open(path, encoding="utf-8").read())
    except (OSError, SyntaxError):
        return values
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                value = ast.literal_eval(node.value)
            except (ValueError, SyntaxError, TypeError):
                # e.g. EVENT_NAMES = fields.InstanceExternalEventNameField.ALL: resolved below
                continue
            values[node.targets[0].id] = value
    return values


def make_module(name, attrs=None, package=False):
    module = types.ModuleType(name)
    if package:
        module.__path__ = []
    for key, value in (attrs or {}).items():
        setattr(module, key, value)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent and parent in sys.modules:
        setattr(sys.modules[parent], child, module)
    return module


def load_file(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent in sys.modules:
        setattr(sys.modules[parent], child, module)
    spec.loader.exec_module(module)
    return module


def stub_nova(nova_dir, notes):
    """The nova package namespace with only what the schema modules need; everything else absent."""
    for pkg in ("nova", "nova.api", "nova.api.validation", "nova.api.openstack", "nova.api.openstack.compute",
                "nova.api.openstack.compute.schemas", "nova.objects", "nova.compute"):
        make_module(pkg, package=True)
    sys.modules["nova.api.openstack.compute.schemas"].__path__ = [os.path.join(nova_dir, "api", "openstack", "compute", "schemas")]
    make_module("nova.i18n", {"_": lambda text: text, "_LE": lambda text: text, "_LW": lambda text: text})
    for module, fallback in FALLBACK_CONSTANTS.items():
        rel = module.split(".")[1:]
        path = os.path.join(nova_dir, *rel) + ".py"
        found = literal_constants(path) if os.path.isfile(path) else {}
        values = {}
        for key, value in fallback.items():
            if key in found:
                values[key] = found[key]
            else:
                values[key] = value
                notes.append(f"{module}.{key}: not read from the tree, Nova's value used")
        for key, value in found.items():
            values.setdefault(key, value)
        make_module(module, values)
    base = os.path.join(nova_dir, "api", "validation")
    load_file("nova.api.validation.parameter_types", os.path.join(base, "parameter_types.py"))
    if os.path.isfile(os.path.join(base, "response_types.py")):
        load_file("nova.api.validation.response_types", os.path.join(base, "response_types.py"))


def load_schema_modules(nova_dir, notes):
    folder = os.path.join(nova_dir, "api", "openstack", "compute", "schemas")
    modules = {}
    for file in sorted(os.listdir(folder)):
        if not file.endswith(".py") or file == "__init__.py":
            continue
        name = file[:-3]
        try:
            modules[name] = load_file("nova.api.openstack.compute.schemas." + name, os.path.join(folder, file))
        except Exception as e:  # a module needing something not stubbed is reported, not fatal
            notes.append(f"schemas/{file}: not evaluated ({type(e).__name__}: {e})")
    return modules


def dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return inner + "." + node.attr if inner else None
    return None


def version_arg(call, index, keyword):
    for kw in call.keywords:
        if kw.arg == keyword:
            return ast.literal_eval(kw.value)
    if len(call.args) > index:
        return ast.literal_eval(call.args[index])
    return None


DECORATORS = {"validation.schema": "request", "validation.query_schema": "query", "validation.response_body_schema": "response"}


def read_controllers(nova_dir, modules, notes):
    folder = os.path.join(nova_dir, "api", "openstack", "compute")
    bindings = []
    for file in sorted(os.listdir(folder)):
        if not file.endswith(".py"):
            continue
        source = open(os.path.join(folder, file), encoding="utf-8").read()
        if "validation." not in source:
            continue
        tree = ast.parse(source)
        aliases = {}
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module == "nova.api.openstack.compute.schemas":
                for a in node.names:
                    aliases[a.asname or a.name] = a.name
        for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
            for fn in [n for n in cls.body if isinstance(n, ast.FunctionDef)]:
                action = None
                found = []
                for d in fn.decorator_list:
                    if not isinstance(d, ast.Call):
                        continue
                    name = dotted(d.func)
                    if name in ("wsgi.action", "wsgi.Controller.action") and d.args:
                        action = ast.literal_eval(d.args[0])
                    elif name in DECORATORS and d.args:
                        expr = d.args[0]
                        ref = dotted(expr)
                        if ref is None or "." not in ref:
                            notes.append(f"{file} {cls.name}.{fn.name}: schema expression {ast.unparse(expr)} not resolved")
                            continue
                        alias, _, attr = ref.partition(".")
                        module = aliases.get(alias)
                        if module is None or module not in modules or not hasattr(modules[module], attr):
                            notes.append(f"{file} {cls.name}.{fn.name}: {ref} not found")
                            continue
                        found.append({
                            "kind": DECORATORS[name],
                            "min": version_arg(d, 1, "min_version"),
                            "max": version_arg(d, 2, "max_version"),
                            "module": module,
                            "name": attr,
                        })
                for f in found:
                    f.update({"controller": file[:-3], "class": cls.name, "method": fn.name, "action": action})
                    bindings.append(f)
    return bindings


def nova_version(nova_dir):
    parent = os.path.dirname(nova_dir)
    for entry in sorted(os.listdir(parent)):
        if re.match(r"^nova-[0-9][^/]*\.(dist-info|egg-info)$", entry):
            for meta in ("METADATA", "PKG-INFO"):
                path = os.path.join(parent, entry, meta)
                if os.path.isfile(path):
                    for line in open(path, encoding="utf-8"):
                        if line.startswith("Version:"):
                            return line.split(":", 1)[1].strip(), "installed package " + entry
            return entry.split("-")[1].rsplit(".", 1)[0], "installed package " + entry
    folder = parent
    for _ in range(3):
        path = os.path.join(folder, "SOURCE")
        if os.path.isfile(path):
            return "master", open(path, encoding="utf-8").read().strip()
        folder = os.path.dirname(folder)
    return "unknown", "source tree without version information"


def max_microversion(nova_dir, bindings):
    path = os.path.join(nova_dir, "api", "openstack", "api_version_request.py")
    if os.path.isfile(path):
        m = re.search(r'^_MAX_API_VERSION\s*=\s*["\']([0-9.]+)["\']', open(path, encoding="utf-8").read(), re.M)
        if m:
            return m.group(1)
    versions = [b[k] for b in bindings for k in ("min", "max") if b[k]]
    return max(versions, key=lambda v: tuple(int(x) for x in v.split("."))) if versions else None


def main(argv):
    if len(argv) != 2 or argv[0] != "--from":
        fail("usage: import_nova_schemas.py --from PATH")
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Some schemas are built from sets (e.g. servers' sort keys): a fixed hash seed makes their
        # order, and so the stored files, the same on every run.
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, "-B", os.path.abspath(__file__)] + argv)
    nova_dir = find_nova(argv[1])
    sys.dont_write_bytecode = True
    notes = []
    stub_nova(nova_dir, notes)
    modules = load_schema_modules(nova_dir, notes)
    bindings = read_controllers(nova_dir, modules, notes)
    schemas = {}
    for b in bindings:
        key = b["module"] + "." + b["name"]
        if key not in schemas:
            try:
                schemas[key] = json.loads(json.dumps(getattr(modules[b["module"]], b["name"])))
            except (TypeError, ValueError) as e:
                notes.append(f"{key}: not JSON ({e})")
    bindings = [b for b in bindings if b["module"] + "." + b["name"] in schemas]
    version, origin = nova_version(nova_dir)
    licence = os.path.isfile(os.path.join(os.path.dirname(nova_dir), "LICENSE"))
    out = {
        "nova": {"version": version, "origin": origin, "maxMicroversion": max_microversion(nova_dir, bindings),
                 "path": nova_dir, "license": "Apache-2.0", "licenseFileBeside": licence},
        "bindings": sorted(bindings, key=lambda b: (b["controller"], b["class"], b["method"], b["kind"],
                                                    tuple(int(x) for x in (b["min"] or "0.0").split(".")))),
        "schemas": schemas,
        "notes": sorted(notes),
    }
    json.dump(out, sys.stdout, sort_keys=True, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
