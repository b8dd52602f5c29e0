#!/usr/bin/env python3
"""fromlint pin against real registries (distribution 2.8, `docker-registry`).

Usage: driver.py PATH/TO/fromlint

Starts one registry without auth and one with htpasswd basic auth, each on a
free 127.0.0.1 port with its own temporary config and storage; pushes image
manifests and indexes with the distribution API over plain HTTP (blob upload,
manifest PUT); then checks `fromlint pin`, `pin --check`, `pin --diff` and
`pin --update` through `--registry-mirror`: pinning index digests, a tag moved
to a new index (stale digest), a missing tag, and basic auth from a Docker
config file. The registries are stopped however the run ends.
"""

import base64
import gzip
import hashlib
import http.client
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
import urllib.parse

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Registry:
    """A docker-registry process on 127.0.0.1 with a temporary config."""

    def __init__(self, root: str, name: str, user: str = None, password: str = None):
        self.dir = os.path.join(root, name)
        os.makedirs(self.dir)
        self.port = free_port()
        self.auth = None
        config = [
            "version: 0.1",
            "log: { level: warn }",
            "storage:",
            f"  filesystem: {{ rootdirectory: {self.dir}/data }}",
            "  delete: { enabled: true }",
            "http:",
            f"  addr: 127.0.0.1:{self.port}",
        ]
        if user:
            htpasswd = os.path.join(self.dir, "htpasswd")
            line = subprocess.run(
                ["htpasswd", "-Bbn", user, password],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            with open(htpasswd, "w") as f:
                f.write(line + "\n")
            config += [
                "auth:",
                "  htpasswd:",
                "    realm: fromlint-test",
                f"    path: {htpasswd}",
            ]
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            self.auth = "Basic " + token
        path = os.path.join(self.dir, "config.yml")
        with open(path, "w") as f:
            f.write("\n".join(config) + "\n")
        self.log = open(os.path.join(self.dir, "registry.log"), "wb")
        self.proc = subprocess.Popen(
            ["docker-registry", "serve", path],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _, _ = self.request("GET", "/v2/")
                if status == 200:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"registry {name} did not start: {self.log_text()}")
            time.sleep(0.1)

    def log_text(self) -> str:
        with open(os.path.join(self.dir, "registry.log"), errors="replace") as f:
            return f.read()[-2000:]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def request(self, method, target, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = dict(headers or {})
        if self.auth:
            headers["Authorization"] = self.auth
        try:
            conn.request(method, target, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def upload_blob(self, repo: str, data: bytes) -> str:
        digest = sha256(data)
        status, headers, body = self.request("POST", f"/v2/{repo}/blobs/uploads/")
        assert status == 202, (status, body)
        location = urllib.parse.urlsplit(headers["Location"])
        query = urllib.parse.parse_qsl(location.query) + [("digest", digest)]
        target = location.path + "?" + urllib.parse.urlencode(query)
        status, _, body = self.request(
            "PUT", target, data, {"Content-Type": "application/octet-stream"}
        )
        assert status == 201, (status, body)
        return digest

    def put_manifest(self, repo: str, reference: str, media_type: str, data: bytes) -> str:
        status, headers, body = self.request(
            "PUT", f"/v2/{repo}/manifests/{reference}", data, {"Content-Type": media_type}
        )
        assert status == 201, (status, body)
        digest = sha256(data)
        assert headers.get("Docker-Content-Digest") == digest, headers
        return digest

    def push_image(self, repo: str, arch: str, marker: str, docker: bool = False):
        """One platform's image (an empty layer, a config naming `marker`);
        returns the manifest's descriptor."""
        config = json.dumps(
            {
                "architecture": arch,
                "os": "linux",
                "config": {"Labels": {"marker": marker}},
                "rootfs": {"type": "layers", "diff_ids": []},
            }
        ).encode()
        tar = io.BytesIO()
        with tarfile.open(fileobj=tar, mode="w"):
            pass
        layer = gzip.compress(tar.getvalue(), mtime=0)
        manifest_type = DOCKER_MANIFEST if docker else OCI_MANIFEST
        manifest = json.dumps(
            {
                "schemaVersion": 2,
                "mediaType": manifest_type,
                "config": {
                    "mediaType": DOCKER_CONFIG if docker else OCI_CONFIG,
                    "digest": self.upload_blob(repo, config),
                    "size": len(config),
                },
                "layers": [
                    {
                        "mediaType": DOCKER_LAYER if docker else OCI_LAYER,
                        "digest": self.upload_blob(repo, layer),
                        "size": len(layer),
                    }
                ],
            }
        ).encode()
        digest = self.put_manifest(repo, sha256(manifest), manifest_type, manifest)
        return {
            "mediaType": manifest_type,
            "digest": digest,
            "size": len(manifest),
            "platform": {"architecture": arch, "os": "linux"},
        }

    def push_index(self, repo: str, tag: str, marker: str, docker: bool = False) -> str:
        """A two-platform index under `tag`; returns the index digest."""
        manifests = [self.push_image(repo, arch, marker, docker) for arch in ("amd64", "arm64")]
        index_type = DOCKER_LIST if docker else OCI_INDEX
        index = json.dumps(
            {"schemaVersion": 2, "mediaType": index_type, "manifests": manifests}
        ).encode()
        return self.put_manifest(repo, tag, index_type, index)

    def push_single(self, repo: str, tag: str, marker: str) -> str:
        descriptor = self.push_image(repo, "amd64", marker)
        status, headers, body = self.request(
            "GET", f"/v2/{repo}/manifests/{descriptor['digest']}", headers={"Accept": OCI_MANIFEST}
        )
        assert status == 200, (status, body)
        return self.put_manifest(repo, tag, OCI_MANIFEST, body)


class Run:
    def __init__(self, fromlint: str, work: str):
        self.fromlint = fromlint
        self.work = work
        self.passed = 0
        self.failed = 0
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")
        }
        self.env["DOCKER_CONFIG"] = os.path.join(work, "docker-config")
        self.env["HOME"] = work
        self.env["NO_COLOR"] = "1"

    def pin(self, *args):
        result = subprocess.run(
            [self.fromlint, "pin", *args],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return result.returncode, result.stdout, result.stderr

    def write(self, name: str, text: str):
        with open(os.path.join(self.work, name), "w") as f:
            f.write(text)

    def read(self, name: str) -> str:
        with open(os.path.join(self.work, name)) as f:
            return f.read()

    def docker_config(self, auths: dict):
        os.makedirs(self.env["DOCKER_CONFIG"], exist_ok=True)
        with open(os.path.join(self.env["DOCKER_CONFIG"], "config.json"), "w") as f:
            json.dump({"auths": auths}, f)

    def case(self, name, check):
        try:
            check()
            self.passed += 1
            print(f"ok   {name}")
        except Exception:
            self.failed += 1
            print(f"FAIL {name}")
            traceback.print_exc(file=sys.stdout)


def expect(condition, *context):
    if not condition:
        raise AssertionError("\n".join(str(c) for c in context))


def main():
    fromlint = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="fromlint-registry-")
    registries = []
    run = None
    try:
        open_reg = Registry(work, "open")
        registries.append(open_reg)
        auth_reg = Registry(work, "auth", "ci-user", "ci-secret-pw")
        registries.append(auth_reg)
        run = Run(fromlint, work)
        mirror = f"--registry-mirror=docker.io=http://{open_reg.host}"

        python_v1 = open_reg.push_index("library/python", "3.12-slim", "python-1")
        node = open_reg.push_index("library/node", "22", "node-1", docker=True)
        alpine = open_reg.push_single("library/alpine", "3.20", "alpine-1")
        app = open_reg.push_index("team/app", "1.0", "app-1")
        private = auth_reg.push_index("private/app", "2", "private-1")
        auth_python = auth_reg.push_index("library/python", "3.12-slim", "auth-python-1")

        original = (
            "ARG NODE_TAG=22\n"
            "FROM python:3.12-slim AS build\n"
            "FROM node:${NODE_TAG} AS assets\n"
            "FROM alpine:3.20 AS tools\n"
            f"FROM {open_reg.host}/team/app:1.0\n"
            "COPY --from=build /a /a\n"
            "FROM build\n"
            "FROM scratch\n"
        )
        pinned_v1 = (
            f"ARG NODE_TAG=22@{node}\n"
            f"FROM python:3.12-slim@{python_v1} AS build\n"
            "FROM node:${NODE_TAG} AS assets\n"
            f"FROM alpine:3.20@{alpine} AS tools\n"
            f"FROM {open_reg.host}/team/app:1.0@{app}\n"
            "COPY --from=build /a /a\n"
            "FROM build\n"
            "FROM scratch\n"
        )

        def pins_index_digests():
            run.write("Dockerfile", original)
            code, out, err = run.pin(mirror, "Dockerfile")
            expect(code == 0, code, out, err)
            expect(run.read("Dockerfile") == pinned_v1, run.read("Dockerfile"))
            expect(f"to {python_v1} (index)" in out, out)
            expect(f"to {alpine} (single-platform manifest)" in out, out)
            expect("in the default of ARG NODE_TAG on line 1" in out, out)
            expect(out.endswith("4 pinned\n"), out)

        def check_passes_when_fresh():
            code, out, err = run.pin(mirror, "--check", "Dockerfile")
            expect(code == 0, code, out, err)
            expect(out == "4 up to date\n", out)

        python_v2 = None

        def moved_tag_is_stale():
            nonlocal python_v2
            python_v2 = open_reg.push_index("library/python", "3.12-slim", "python-2")
            expect(python_v2 != python_v1)
            code, out, err = run.pin(mirror, "--check", "Dockerfile")
            expect(code == 1, code, out, err)
            expect(
                f"Dockerfile:2:6: `python:3.12-slim@{python_v1}` is stale: "
                f"the tag now points to {python_v2} (index)" in out,
                out,
            )
            expect(run.read("Dockerfile") == pinned_v1)
            # Plain `pin` leaves pinned references alone.
            code, out, err = run.pin(mirror, "Dockerfile")
            expect(code == 0 and out == "4 already pinned\n", code, out, err)

        def diff_then_update():
            code, out, err = run.pin(mirror, "--update", "--diff", "Dockerfile")
            expect(code == 1, code, out, err)
            expect(f"-FROM python:3.12-slim@{python_v1} AS build\n" in out, out)
            expect(f"+FROM python:3.12-slim@{python_v2} AS build\n" in out, out)
            expect(run.read("Dockerfile") == pinned_v1)
            code, out, err = run.pin(mirror, "--update", "Dockerfile")
            expect(code == 0, code, out, err)
            expect(run.read("Dockerfile") == pinned_v1.replace(python_v1, python_v2))
            expect(out.endswith("1 updated, 3 up to date\n"), out)
            code, out, err = run.pin(mirror, "--check", "Dockerfile")
            expect(code == 0, code, out, err)

        def missing_tag_fails_alone():
            run.write("Missing.Dockerfile", "FROM python:3.99-slim\nFROM alpine:3.20\n")
            code, out, err = run.pin(mirror, "Missing.Dockerfile")
            expect(code == 2, code, out, err)
            expect(
                "Missing.Dockerfile:1:6: `python:3.99-slim`: not found: no tag `3.99-slim` "
                "in docker.io/library/python" in err,
                err,
            )
            expect(
                run.read("Missing.Dockerfile") == f"FROM python:3.99-slim\nFROM alpine:3.20@{alpine}\n"
            )

        def basic_auth_from_docker_config():
            text = f"FROM {auth_reg.host}/private/app:2\nFROM python:3.12-slim\n"
            auth_mirror = f"--registry-mirror=docker.io=http://{auth_reg.host}"
            run.write("Private.Dockerfile", text)
            run.docker_config({})
            code, out, err = run.pin(auth_mirror, "Private.Dockerfile")
            expect(code == 2, code, out, err)
            expect("needs a user name and password" in err, err)
            expect(run.read("Private.Dockerfile") == text)
            run.docker_config({auth_reg.host: {"username": "ci-user", "password": "wrong"}})
            code, out, err = run.pin(auth_mirror, "Private.Dockerfile")
            expect(code == 2 and "access denied (HTTP 401)" in err, code, out, err)
            token = base64.b64encode(b"ci-user:ci-secret-pw").decode()
            run.docker_config({f"http://{auth_reg.host}/v2/": {"auth": token}})
            code, out, err = run.pin(auth_mirror, "Private.Dockerfile")
            expect(code == 0, code, out, err)
            expect(
                run.read("Private.Dockerfile")
                == f"FROM {auth_reg.host}/private/app:2@{private}\n"
                f"FROM python:3.12-slim@{auth_python}\n",
                run.read("Private.Dockerfile"),
            )
            expect("ci-secret-pw" not in out + err and token not in out + err)
            # The credentials are for the auth registry only; the open one
            # still answers anonymously.
            code, out, err = run.pin(mirror, "--check", "Dockerfile")
            expect(code == 0, code, out, err)

        run.case("pins index digests (and an ARG default) through a mirror", pins_index_digests)
        run.case("--check passes on fresh digests", check_passes_when_fresh)
        run.case("a tag moved to a new index is stale for --check", moved_tag_is_stale)
        run.case("--update --diff shows, --update rewrites stale digests", diff_then_update)
        run.case("a missing tag fails alone (exit 2)", missing_tag_fails_alone)
        run.case("htpasswd basic auth with credentials from config.json", basic_auth_from_docker_config)
    finally:
        for registry in registries:
            registry.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"registry: {run.passed} passed, {run.failed} failed")
    return 1 if run.failed or run.passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
