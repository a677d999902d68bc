"""Rendering the Helm chart offline (helm-python-sdk: Helm's Go SDK, no helm binary) into objects."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "regiotoezicht"
RELEASE = "toezicht"
NAMESPACE = "regio"

#: Value sets the tests render: the defaults, a full production set, and a minimal one.
VALUE_SETS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "production": {
        "image": {"repository": "registry.ggd.example/regiotoezicht", "tag": "1.4.2"},
        "imagePullSecrets": [{"name": "registry-pull"}],
        "config": {"publicBaseUrl": "https://toezicht.ggdhaaglanden.nl", "trustedProxyCount": 2,
                   "extra": {"ARGON2_PROFILE": "RFC_9106_LOW_MEMORY", "INVITE_VALID_HOURS": 48}},
        "mail": {"existingSecret": "toezicht-mail"},
        "storage": {"backend": "s3", "s3": {"bucket": "toezicht-blobs", "endpointUrl": "https://s3.ggd.example",
                                              "region": "nl-ams", "existingSecret": "toezicht-s3"}},
        "web": {"autoscaling": {"enabled": True, "minReplicas": 3, "maxReplicas": 12}},
        "ingress": {"enabled": True, "className": "nginx", "host": "toezicht.ggdhaaglanden.nl",
                    "annotations": {"cert-manager.io/cluster-issuer": "letsencrypt"}},
        "workers": {"queues": {"default": {"replicas": 3, "resources": {
            "requests": {"cpu": "200m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}}}}},
        "networkPolicy": {"egressTo": [{"ipBlock": {"cidr": "10.20.0.0/16"}}]},
    },
    "minimal": {
        "serviceAccount": {"create": False},
        "networkPolicy": {"enabled": False},
        "web": {"replicas": 1, "podDisruptionBudget": {"enabled": False}},
        "migrations": {"loadReferenceData": False},
    },
}


def chart() -> Any:
    import helm_python as helm

    return helm.Chart.load(str(CHART))


@lru_cache(maxsize=None)
def _render(name: str) -> tuple[tuple[str, str], ...]:
    manifests = chart().render(VALUE_SETS[name], name=RELEASE, namespace=NAMESPACE, is_install=True)
    return tuple(sorted(manifests.items()))


def render(name: str) -> list[dict[str, Any]]:
    """Every object of the chart rendered with the named value set."""
    objects = []
    for path, text in _render(name):
        if not path.endswith(".yaml"):
            continue
        objects += [doc for doc in yaml.safe_load_all(text) if doc]
    return objects


def render_values(values: dict[str, Any]) -> list[dict[str, Any]]:
    manifests = chart().render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)
    return [doc for path, text in manifests.items() if path.endswith(".yaml")
            for doc in yaml.safe_load_all(text) if doc]


def of_kind(objects: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] == kind]


def component(obj: dict[str, Any]) -> str:
    return obj["metadata"]["labels"].get("app.kubernetes.io/component", "")


def pod_spec(obj: dict[str, Any]) -> dict[str, Any]:
    return obj["spec"]["template"]["spec"]


def containers(obj: dict[str, Any]) -> list[dict[str, Any]]:
    spec = pod_spec(obj)
    return [*spec.get("initContainers", []), *spec["containers"]]
