#!/usr/bin/env python3
"""Writes a clouds.yaml for the reference Nova's Keystone with the two auth types the password run does not cover:
the admin by an existing token (v3token, internal interface, region RegionOne) and the member by an application
credential it creates for itself (v3applicationcredential). Prints the secrets it wrote, one per line, to the file
given second, so that CI can look for them in the results.

usage: keystone-clouds.py KEYSTONE_URL CLOUDS_YAML SECRETS_FILE
"""
import json
import os
import sys
import urllib.request
import uuid

keystone, clouds_file, secrets_file = sys.argv[1:4]
admin_password = os.environ.get("NOVA_REF_ADMIN_PASSWORD", "nova-ref-admin")
member_password = os.environ.get("NOVA_REF_MEMBER_PASSWORD", "nova-ref-demo")


def call(method, path, body, token=None):
    request = urllib.request.Request(keystone + path, method=method, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", **({"X-Auth-Token": token} if token else {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers.get("X-Subject-Token"), json.load(response)


def password_token(user, password, project):
    return call("POST", "/auth/tokens", {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {"name": user, "domain": {"id": "default"}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"id": "default"}}}}})


admin_token, _ = password_token("admin", admin_password, "admin")
member_token, member = password_token("demo", member_password, "demo")
_, created = call("POST", f"/users/{member['token']['user']['id']}/application_credentials",
                  {"application_credential": {"name": f"nck-ci-{uuid.uuid4().hex[:8]}", "description": "nova-conformance CI"}}, member_token)
credential = created["application_credential"]

clouds = {"clouds": {
    "ref-admin-token": {"auth_type": "v3token", "interface": "internal", "region_name": "RegionOne",
                        "auth": {"auth_url": keystone, "token": admin_token, "project_name": "admin", "project_domain_name": "Default"}},
    "ref-demo-appcred": {"auth_type": "v3applicationcredential",
                         "auth": {"auth_url": keystone, "application_credential_id": credential["id"],
                                  "application_credential_secret": credential["secret"]}},
}}
with open(clouds_file, "w") as f:
    json.dump(clouds, f, indent=2)  # JSON is YAML
with open(secrets_file, "w") as f:
    f.write("\n".join([admin_token, member_token, credential["secret"], admin_password, member_password]) + "\n")
print(f"clouds.yaml: ref-admin-token (v3token, internal endpoint) and ref-demo-appcred (application credential {credential['id'][:8]}…)")
