"""The Helm chart without a cluster: lint, render with several value sets, validate every manifest
against the Kubernetes schemas, and check what the deployment issue asks of it."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from regiotoezicht.jobs import QUEUES
from tests.deployment.chart import (
    CHART,
    RELEASE,
    VALUE_SETS,
    component,
    containers,
    of_kind,
    pod_spec,
    render,
    render_values,
)

helm = pytest.importorskip("helm_python", reason="helm-python-sdk is in the test extra")
kubernetes_validate = pytest.importorskip("kubernetes_validate")

SETS = sorted(VALUE_SETS)
#: The oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and a current one.
KUBE_VERSIONS = ("1.27", "1.34")
SECRET_ENV = {"DATABASE_URL", "DATABASE_OWNER_URL", "REDIS_URL", "SECRET_KEY", "MAIL_URL",
              "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
FULLNAME = f"{RELEASE}-regiotoezicht"


def workloads(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] in {"Deployment", "Job"}]


def env_of(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in container.get("env", [])}


@pytest.mark.parametrize("value_set", SETS)
def test_chart_lints_clean(value_set: str) -> None:
    report = helm.lint(str(CHART), VALUE_SETS[value_set], strict=True, kube_version="v1.30.0")
    problems = [m for m in report["messages"] if m["severity"] >= 2]
    assert report["errors"] == [] and problems == [], problems


@pytest.mark.parametrize("kube_version", KUBE_VERSIONS)
@pytest.mark.parametrize("value_set", SETS)
def test_every_manifest_is_valid_kubernetes(value_set: str, kube_version: str) -> None:
    objects = render(value_set)
    assert objects
    for obj in objects:
        # strict: unknown fields are errors too (a typo would otherwise be dropped silently).
        kubernetes_validate.validate(obj, kube_version, strict=True)


@pytest.mark.parametrize("value_set", SETS)
def test_every_container_has_probes_resources_and_a_restrictive_security_context(value_set: str) -> None:
    for obj in workloads(render(value_set)):
        name = obj["metadata"]["name"]
        spec = pod_spec(obj)
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert spec["automountServiceAccountToken"] is False, name
        tmp = [v for v in spec["volumes"] if v["name"] == "tmp"]
        assert tmp and "emptyDir" in tmp[0], name
        for container in containers(obj):
            where = f"{name}/{container['name']}"
            security = container["securityContext"]
            assert security["runAsNonRoot"] is True, where
            assert security["readOnlyRootFilesystem"] is True, where
            assert security["allowPrivilegeEscalation"] is False, where
            assert security["capabilities"]["drop"] == ["ALL"], where
            assert "add" not in security["capabilities"], where
            assert {"mountPath": "/tmp", "name": "tmp"} in container["volumeMounts"], where
            for kind in ("requests", "limits"):
                assert set(container["resources"][kind]) >= {"cpu", "memory"}, where
            if obj["kind"] == "Deployment":  # a Job's container ends; it has no probes to pass
                assert "livenessProbe" in container and "readinessProbe" in container, where


def test_web_probes_are_healthz_and_readyz() -> None:
    web = next(o for o in of_kind(render("defaults"), "Deployment") if component(o) == "web")
    (container,) = containers(web)
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    # A readiness probe that times out must not wait longer than the app's Redis timeout allows.
    assert container["readinessProbe"]["timeoutSeconds"] > 5


@pytest.mark.parametrize("value_set", SETS)
def test_exactly_one_scheduler_with_the_recreate_strategy(value_set: str) -> None:
    schedulers = [o for o in of_kind(render(value_set), "Deployment") if component(o) == "scheduler"]
    assert len(schedulers) == 1
    (scheduler,) = schedulers
    assert scheduler["spec"]["replicas"] == 1
    assert scheduler["spec"]["strategy"] == {"type": "Recreate"}
    (container,) = containers(scheduler)
    assert container["command"] == ["flask", "regio", "scheduler"]
    assert not any(o["kind"] == "HorizontalPodAutoscaler" and o["spec"]["scaleTargetRef"]["name"]
                   == scheduler["metadata"]["name"] for o in render(value_set))


@pytest.mark.parametrize("value_set", SETS)
def test_one_worker_deployment_per_queue_the_code_defines(value_set: str) -> None:
    workers = [o for o in of_kind(render(value_set), "Deployment") if component(o) == "worker"]
    commands = {tuple(containers(w)[0]["command"]) for w in workers}
    assert commands == {("flask", "regio", "worker", queue) for queue in QUEUES}
    for worker in workers:
        queue = worker["metadata"]["labels"]["regiotoezicht.nl/queue"]
        assert worker["metadata"]["name"] == f"{FULLNAME}-worker-{queue}"


def test_worker_replicas_follow_the_values() -> None:
    workers = {w["metadata"]["labels"]["regiotoezicht.nl/queue"]: w
               for w in of_kind(render("production"), "Deployment") if component(w) == "worker"}
    assert workers["default"]["spec"]["replicas"] == 3
    assert workers["mail"]["spec"]["replicas"] == 1


@pytest.mark.parametrize("value_set", SETS)
def test_the_migration_hook_runs_before_the_rollout_and_needs_nothing_the_chart_creates(value_set: str) -> None:
    objects = render(value_set)
    hooks = [o for o in objects if "helm.sh/hook" in o["metadata"].get("annotations", {})]
    assert [h["kind"] for h in hooks] == ["Job"], "only the migration Job is a hook"
    (job,) = hooks
    annotations = job["metadata"]["annotations"]
    assert set(annotations["helm.sh/hook"].split(",")) == {"pre-install", "pre-upgrade"}
    # pre-install/pre-upgrade: Helm waits for the Job before it applies the Deployments.
    assert all(component(o) != "migrations" for o in objects if o["kind"] == "Deployment")
    first = containers(job)[0]
    assert first["command"] == ["flask", "db", "upgrade"]
    if value_set != "minimal":
        assert containers(job)[1]["command"] == ["flask", "regio", "load-reference"]
    else:
        assert len(containers(job)) == 1

    spec = pod_spec(job)
    chart_made = {o["metadata"]["name"] for o in objects if o is not job}
    assert "serviceAccountName" not in spec  # the namespace's default account, not the chart's
    for container in containers(job):
        assert "envFrom" not in container  # not the ConfigMap (created after pre-install hooks)
        refs = [e["valueFrom"]["secretKeyRef"]["name"] for e in container["env"] if "valueFrom" in e]
        assert not set(refs) & chart_made
        env = env_of(container)
        owner = VALUE_SETS[value_set].get("database", {}).get("owner", {}).get("existingSecret",
                                                                              "regiotoezicht-db-owner")
        assert env["DATABASE_OWNER_URL"]["valueFrom"]["secretKeyRef"]["name"] == owner
        assert env["APP_DB_ROLE"]["value"] == "regiotoezicht_app"
        assert env["REGIOTOEZICHT_ENV"]["value"] == "production"
    for volume in spec["volumes"]:
        assert set(volume) == {"name", "emptyDir"}


@pytest.mark.parametrize("value_set", SETS)
def test_long_running_pods_connect_as_the_app_role_never_the_owner(value_set: str) -> None:
    for deployment in of_kind(render(value_set), "Deployment"):
        for container in containers(deployment):
            env = env_of(container)
            assert "DATABASE_OWNER_URL" not in env, deployment["metadata"]["name"]
            assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {
                "name": "regiotoezicht-db-app", "key": "DATABASE_URL"}


@pytest.mark.parametrize("value_set", SETS)
def test_no_secret_reaches_a_configmap_or_a_plain_env_value(value_set: str) -> None:
    objects = render(value_set)
    (configmap,) = of_kind(objects, "ConfigMap")
    assert not set(configmap["data"]) & SECRET_ENV
    for key in configmap["data"]:
        assert not any(word in key for word in ("PASSWORD", "SECRET", "TOKEN")), key
    for obj in workloads(objects):
        for container in containers(obj):
            for name, entry in env_of(container).items():
                if name in SECRET_ENV:
                    assert "value" not in entry and "secretKeyRef" in entry["valueFrom"], name
    assert not of_kind(objects, "Secret")  # the chart refers to Secrets; it never writes one


def test_configmap_carries_the_storage_and_proxy_settings() -> None:
    (production,) = of_kind(render("production"), "ConfigMap")
    assert production["data"]["STORAGE_BACKEND"] == "s3"
    assert production["data"]["S3_BUCKET"] == "toezicht-blobs"
    assert production["data"]["TRUSTED_PROXY_COUNT"] == "2"
    assert production["data"]["INVITE_VALID_HOURS"] == "48"
    web = next(o for o in of_kind(render("production"), "Deployment") if component(o) == "web")
    env = env_of(containers(web)[0])
    assert env["AWS_SECRET_ACCESS_KEY"]["valueFrom"]["secretKeyRef"]["name"] == "toezicht-s3"
    assert "replicas" not in web["spec"]  # the HPA decides
    (defaults,) = of_kind(render("defaults"), "ConfigMap")
    assert defaults["data"]["STORAGE_BACKEND"] == "database"
    assert "S3_BUCKET" not in defaults["data"]


def test_ingress_tls_pdb_hpa_and_network_policies() -> None:
    objects = render("production")
    (ingress,) = of_kind(objects, "Ingress")
    assert ingress["spec"]["tls"] == [{"hosts": ["toezicht.ggdhaaglanden.nl"], "secretName": "regiotoezicht-tls"}]
    assert ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] == f"{FULLNAME}-web"
    (hpa,) = of_kind(objects, "HorizontalPodAutoscaler")
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (3, 12)
    (pdb,) = of_kind(objects, "PodDisruptionBudget")
    assert pdb["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"] == "web"
    policies = {p["metadata"]["name"]: p["spec"] for p in of_kind(objects, "NetworkPolicy")}
    everything = policies[FULLNAME]
    assert everything["ingress"] == [] and set(everything["policyTypes"]) == {"Ingress", "Egress"}
    assert everything["egress"][1]["to"] == [{"ipBlock": {"cidr": "10.20.0.0/16"}}]
    web = policies[f"{FULLNAME}-web"]
    assert web["ingress"][0]["from"] == [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}]
    minimal = render("minimal")
    assert not of_kind(minimal, "NetworkPolicy") and not of_kind(minimal, "PodDisruptionBudget")
    assert not of_kind(minimal, "Ingress") and not of_kind(minimal, "ServiceAccount")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"scheduler": {"replicas": 2}}, "additional properties 'replicas' not allowed"),
        ({"image": {"tag": "latest"}}, "/image/tag"),
        ({"storage": {"backend": "disk"}}, "/storage/backend"),
        ({"storage": {"backend": "s3"}}, "/storage/s3/bucket"),
        ({"config": {"extra": {"SECRET_KEY": "abc"}}}, "invalid propertyName 'SECRET_KEY'"),
        ({"config": {"extra": {"SMTP_PASSWORD": "abc"}}}, "invalid propertyName 'SMTP_PASSWORD'"),
        ({"securityContext": {"readOnlyRootFilesystem": False}}, "/securityContext/readOnlyRootFilesystem"),
        ({"securityContext": {"allowPrivilegeEscalation": True}}, "/securityContext/allowPrivilegeEscalation"),
        ({"podSecurityContext": {"runAsNonRoot": False}}, "/podSecurityContext/runAsNonRoot"),
        ({"workers": {"queues": {"fast": {"replicas": 1}}}}, "invalid propertyName 'fast'"),
        ({"web": {"replicas": 0}}, "/web/replicas"),
        ({"database": {"app": {"existingSecret": ""}}}, "/database/app/existingSecret"),
        ({"web": {"resources": {"limits": {"memory": None}}}}, "missing property 'memory'"),
        ({"workers": {"queues": {"mail": {"resources": {"limits": {"memory": "veel"}}}}}},
         "/workers/queues/mail/resources/limits/memory"),
    ],
)
def test_schema_rejects_wrong_values_with_a_clear_message(values: dict[str, Any], message: str) -> None:
    with pytest.raises(helm.HelmValuesError) as refused:
        render_values(values)
    assert message in str(refused.value)


def test_heartbeat_probe_fails_for_a_stale_or_missing_file(tmp_path: Path) -> None:
    """Run the liveness command of the worker pods as the kubelet would (sh in the image)."""
    worker = next(o for o in of_kind(render("defaults"), "Deployment") if component(o) == "worker")
    (container,) = containers(worker)
    assert env_of(container)["LIVENESS_FILE"]["value"] == "/tmp/regiotoezicht-alive"
    command = [part.replace("/tmp/regiotoezicht-alive", str(tmp_path / "alive"))
               for part in container["livenessProbe"]["exec"]["command"]]

    def probe() -> int:
        return subprocess.run(command, check=False, timeout=10).returncode

    assert probe() != 0  # never touched
    (tmp_path / "alive").touch()
    assert probe() == 0
    stale = time.time() - 11 * 60
    os.utime(tmp_path / "alive", (stale, stale))
    assert probe() != 0
