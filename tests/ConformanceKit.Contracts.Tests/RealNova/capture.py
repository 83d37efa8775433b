#!/usr/bin/python3
"""Record what a real Nova answers, as fixtures for the contract tests.

Runs Debian's python3-nova (26.2.2 "Zed", microversions 2.1-2.93) in this process with the fake virt
driver, in-memory databases and Nova's own functional-test fixtures (placement, neutron, glance,
cinder), exactly the code paths a production nova-api runs for the calls below. Each exchange is
written to OUTDIR/<operation>.json as {"microversion", "role", "state", "status", "body"}.

    /usr/bin/python3 capture.py OUTDIR

Takes about a minute. Passwords Nova generates (adminPass) are replaced by "***" before writing.
"""
import json
import os
import sys
import tempfile
import time
import unittest

import eventlet

from nova.tests import fixtures as nova_fixtures
from nova.tests.functional import integrated_helpers

OUT = None
MAX_MINOR = 93
ALL = ['2.%d' % i for i in range(1, MAX_MINOR + 1)]


# The paste pipelines of nova-api (keystone variant; OSAPIFixture stubs keystonemiddleware and the
# keystone context, so requests carry X-Auth-User / X-Auth-Project-Id / X-Roles).
PASTE = """
[composite:osapi_compute]
use = call:nova.api.openstack.urlmap:urlmap_factory
/: versions_root
/v2.1: versions_v21
/v2.1/+: compute_v21

[composite:compute_v21]
use = call:nova.api.auth:pipeline_factory_v21
keystone = compute_req_id faultwrap request_log authtoken keystonecontext compute_app_v21

[pipeline:versions_root]
pipeline = faultwrap request_log versions_app

[pipeline:versions_v21]
pipeline = compute_req_id faultwrap request_log versions_app_v2

[filter:compute_req_id]
paste.filter_factory = nova.api.compute_req_id:ComputeReqIdMiddleware.factory

[filter:faultwrap]
paste.filter_factory = nova.api.openstack:FaultWrapper.factory

[filter:request_log]
paste.filter_factory = nova.api.openstack.requestlog:RequestLog.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:keystonecontext]
paste.filter_factory = nova.api.auth:NovaKeystoneContext.factory

[app:compute_app_v21]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory

[app:versions_app]
paste.app_factory = nova.api.openstack.compute.versions:Versions.factory

[app:versions_app_v2]
paste.app_factory = nova.api.openstack.compute.versions:VersionsV2.factory
"""


def masked(node):
    if isinstance(node, dict):
        return {k: ('***' if 'pass' in k.lower() and isinstance(v, str) else masked(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [masked(v) for v in node]
    return node


class Capture(integrated_helpers._IntegratedTestBase):
    ADMIN_API = True
    api_major_version = 'v2.1'

    def _setup_services(self):
        paste = os.path.join(tempfile.mkdtemp(prefix='kit-nova-'), 'api-paste.ini')
        with open(paste, 'w') as f:
            f.write(PASTE)
        self.flags(api_paste_config=paste, group='wsgi')
        super()._setup_services()

    def setUp(self):
        super().setUp()
        # A production driver (libvirt) waits for the network allocation before plugging the VIFs; the
        # fake driver does not, and with RPC casts run as calls the allocating green thread would only
        # finish after the build, leaving the instance's network info empty. Wait for it, as libvirt does.
        from nova.compute import manager
        build_networks = manager.ComputeManager._build_networks_for_instance

        def build_networks_and_wait(compute, *args, **kwargs):
            network_info = build_networks(compute, *args, **kwargs)
            if hasattr(network_info, 'wait'):
                network_info.wait()
            return network_info
        self.stub_out('nova.compute.manager.ComputeManager._build_networks_for_instance', build_networks_and_wait)
        self.records = {}
        self.member = self.api_fixture.api
        self.admin = self.api_fixture.admin_api

    def call(self, api, mv, method, uri, body=None, headers=None, raw=None, strip=False):
        api.microversion = mv
        kwargs = {'method': method, 'strip_version': strip}
        if raw is not None:
            kwargs['body'] = raw
        elif body is not None:
            kwargs['body'] = json.dumps(body)
        if headers:
            kwargs['headers'] = dict(headers)
        r = api.api_request(uri, **kwargs)
        text = r.content.decode('utf-8') if r.content else ''
        return r.status_code, text

    def record(self, operation, mv, role, state, status, text):
        try:
            body = masked(json.loads(text)) if text.strip() else None
        except ValueError:
            body = text
        self.records.setdefault(operation, []).append(
            {'microversion': mv, 'role': role, 'state': state, 'status': status, 'body': body})

    def get_both(self, server_id, state, versions=ALL):
        for mv in versions:
            for role, api in (('admin', self.admin), ('member', self.member)):
                status, text = self.call(api, mv, 'GET', 'servers/%s' % server_id)
                assert status == 200, (mv, role, status, text)
                self.record('server.get', mv, role, state, status, text)

    def action(self, api, mv, server_id, body, expect=(200, 202, 204)):
        status, text = self.call(api, mv, 'POST', 'servers/%s/action' % server_id, body)
        assert status in expect, (body, mv, status, text)
        self.record_request('action.%s.request' % list(body)[0], mv, api, status, body)
        return status, text

    def record_request(self, operation, mv, api, status, body):
        self.records.setdefault(operation, []).append(
            {'microversion': mv, 'role': 'admin' if api is self.admin else 'member', 'state': 'sent',
             'status': status, 'body': masked(body)})

    def wait(self, server_id, status):
        return self._wait_for_state_change({'id': server_id}, status)

    def wait_for_addresses(self, server_id, deadline=10.0):
        """Network info is filled in by a green thread; poll (yielding to it) until the server has an address."""
        end = time.monotonic() + deadline
        while True:
            status, text = self.call(self.member, '2.1', 'GET', 'servers/%s/ips' % server_id)
            if status == 200 and json.loads(text)['addresses']:
                return
            if time.monotonic() > end:
                raise AssertionError('no address for %s after %ss; last answer %s %s' % (server_id, deadline, status, text))
            eventlet.sleep(0.1)  # let the green thread that allocates the network run

    def test_capture(self):
        net = nova_fixtures.NeutronFixture.network_1['id']
        image = '155d900f-4e14-4e4c-a73d-069cbf4541e6'

        # Version discovery: GET / (outside /v2.1) and GET /v2.1/.
        status, text = self.call(self.member, None, 'GET', '', headers={'Accept': 'application/json'}, strip=True)
        self.record('versions', '2.1', 'member', 'none', status, text)
        status, text = self.call(self.member, None, 'GET', '', headers={'Accept': 'application/json'})
        self.record('version', '2.1', 'member', 'none', status, text)

        # A server owned by the member's project, created at 2.1 and at 2.90.
        created = {}
        for mv in ('2.1', '2.37', '2.90'):
            # The first server takes the fixture's port with a fixed IP, so that addresses are filled in.
            nic = {'port': nova_fixtures.NeutronFixture.port_1['id']} if mv == '2.1' else {'uuid': net}
            body = {'server': {'name': 'kit-%s' % mv.replace('.', '-'), 'imageRef': image, 'flavorRef': '1',
                               'networks': [nic], 'metadata': {'purpose': 'contract'}}}
            status, text = self.call(self.member, mv, 'POST', 'servers', body)
            assert status == 202, text
            self.record_request('server.create.request', mv, self.member, status, body)
            self.record('server.create.response', mv, 'member', 'BUILD', status, text)
            created[mv] = json.loads(text)['server']['id']
            self.wait(created[mv], 'ACTIVE')
            if mv == '2.1':
                self.wait_for_addresses(created[mv])
        sid = created['2.1']

        # GET at every microversion, as admin and as member, ACTIVE.
        self.get_both(sid, 'ACTIVE')

        # Rebuild at every microversion (admin), then GET.
        for mv in ALL:
            status, text = self.action(self.admin, mv, sid, {'rebuild': {'imageRef': image}})
            self.record('server.rebuild', mv, 'admin', 'REBUILD', status, text)
            self.wait(sid, 'ACTIVE')
        for mv in ('2.57', '2.75', '2.93'):
            status, text = self.action(self.member, mv, sid, {'rebuild': {'imageRef': image, 'name': 'kit-rebuilt'}})
            self.record('server.rebuild', mv, 'member', 'REBUILD', status, text)
            self.wait(sid, 'ACTIVE')

        # Other states, at a few microversions where the shape changes.
        some = ['2.1', '2.3', '2.9', '2.16', '2.19', '2.26', '2.47', '2.63', '2.71', '2.73', '2.90', '2.93']
        self.action(self.member, '2.73', sid, {'lock': {'locked_reason': 'contract test'}})
        self.get_both(sid, 'ACTIVE locked', some)
        self.action(self.admin, '2.73', sid, {'unlock': None})
        for act, state, back in ((('pause', None), 'PAUSED', ('unpause', None)),
                                 (('suspend', None), 'SUSPENDED', ('resume', None)),
                                 (('os-stop', None), 'SHUTOFF', ('os-start', None)),
                                 (('rescue', None), 'RESCUE', ('unrescue', None))):
            status, text = self.action(self.member, '2.1', sid, {act[0]: act[1]})
            if act[0] == 'rescue':
                self.record('action.rescue.response', '2.1', 'member', 'RESCUE', status, text)
            self.wait(sid, state)
            self.get_both(sid, state, some)
            self.action(self.member, '2.1', sid, {back[0]: back[1]})
            self.wait(sid, 'ACTIVE')
        # Resize to VERIFY_RESIZE, then confirm.
        self.flags(allow_resize_to_same_host=True)
        self.action(self.member, '2.1', sid, {'resize': {'flavorRef': '2'}})
        self.wait(sid, 'VERIFY_RESIZE')
        self.get_both(sid, 'VERIFY_RESIZE', some)
        self.action(self.member, '2.1', sid, {'confirmResize': None})
        self.wait(sid, 'ACTIVE')
        # ERROR (reset state), then back.
        self.action(self.admin, '2.1', sid, {'os-resetState': {'state': 'error'}})
        self.wait(sid, 'ERROR')
        self.get_both(sid, 'ERROR', some)
        self.action(self.admin, '2.1', sid, {'os-resetState': {'state': 'active'}})
        self.wait(sid, 'ACTIVE')

        # Action responses.
        for mv in ('2.1', '2.44', '2.45', '2.93'):
            status, text = self.action(self.member, mv, sid, {'createImage': {'name': 'snap-%s' % mv}})
            self.record('action.createImage.response', mv, 'member', 'ACTIVE', status, text)
            status, text = self.action(self.member, mv, sid, {'createBackup': {'name': 'bk-%s' % mv, 'backup_type': 'daily', 'rotation': 1}})
            self.record('action.createBackup.response', mv, 'member', 'ACTIVE', status, text)
            self.wait(sid, 'ACTIVE')
        for mv in ('2.1', '2.93'):
            status, text = self.action(self.member, mv, sid, {'os-getConsoleOutput': {'length': 5}})
            self.record('action.os-getConsoleOutput.response', mv, 'member', 'ACTIVE', status, text)

        # Shelve and offload: no host any more.
        self.action(self.member, '2.1', sid, {'shelve': None})
        self.wait(sid, 'SHELVED_OFFLOADED')
        self.get_both(sid, 'SHELVED_OFFLOADED', some)
        self.action(self.member, '2.1', sid, {'unshelve': None})
        self.wait(sid, 'ACTIVE')

        # A server the scheduler cannot place: ERROR with a fault.
        status, text = self.call(self.admin, '2.1', 'POST', 'flavors', {'flavor': {'name': 'huge', 'id': 'huge', 'ram': 40000, 'vcpus': 1, 'disk': 1}})
        assert status == 200, text
        body = {'server': {'name': 'kit-novalidhost', 'imageRef': image, 'flavorRef': 'huge', 'networks': 'none'}}
        status, text = self.call(self.member, '2.37', 'POST', 'servers', body)
        assert status == 202, text
        self.record_request('server.create.request', '2.37', self.member, status, body)
        failed = json.loads(text)['server']['id']
        self.wait(failed, 'ERROR')
        self.get_both(failed, 'ERROR with fault', some)

        # A volume-backed server: image is "" and a volume is attached.
        volume = nova_fixtures.CinderFixture.IMAGE_BACKED_VOL
        body = {'server': {'name': 'kit-bfv', 'flavorRef': '1', 'networks': 'none',
                           'block_device_mapping_v2': [{'boot_index': 0, 'uuid': volume, 'source_type': 'volume', 'destination_type': 'volume'}]}}
        status, text = self.call(self.member, '2.37', 'POST', 'servers', body)
        assert status == 202, text
        self.record_request('server.create.request', '2.37', self.member, status, body)
        bfv = json.loads(text)['server']['id']
        self.wait(bfv, 'ACTIVE')
        self.get_both(bfv, 'ACTIVE volume-backed', some)

        # Errors.
        errors = [
            (self.member, '2.1', 'GET', 'servers/00000000-0000-0000-0000-000000000000', None, None, None),
            (self.member, '2.1', 'GET', 'servers/not-a-uuid', None, None, None),
            (self.member, '2.1', 'POST', 'servers/%s/action' % sid, {'unpause': None}, None, None),
            (self.member, '2.1', 'POST', 'servers/%s/action' % sid, {'reboot': {'type': 'FOO'}}, None, None),
            (self.member, '2.1', 'POST', 'servers/%s/action' % sid, {'fooBar': None}, None, None),
            (self.member, '2.1', 'POST', 'servers/%s/action' % sid, None, None, 'not json'),
            (self.member, '2.1', 'POST', 'servers/%s/action' % sid, {'migrate': None}, None, None),
            (self.member, '2.44', 'POST', 'servers/%s/action' % sid, {'addFloatingIp': {'address': '172.24.4.10'}}, None, None),
            (self.member, '2.16', 'POST', 'servers/%s/action' % sid, {'trigger_crash_dump': None}, None, None),
            (self.admin, '2.1', 'POST', 'servers/%s/action' % sid, {'resetNetwork': None}, None, None),
            (self.member, '2.94', 'GET', 'servers/%s' % sid, None, None, None),
        ]
        for api, mv, method, uri, body, headers, raw in errors:
            status, text = self.call(api, mv, method, uri, body, headers, raw)
            assert status >= 400, (uri, body, raw, status, text)
            if status == 400 and body and 'Invalid input' in text:
                self.record_request('action.%s.request' % list(body)[0], mv, api, status, body)
            self.record('error', mv, 'admin' if api is self.admin else 'member', '%s %s' % (method, uri.split('/')[-1]), status, text)

        # A route that does not exist: webob's own 404, in JSON when asked for JSON.
        status, text = self.call(self.member, '2.1', 'GET', 'servers/%s/action' % sid, headers={'Accept': 'application/json'})
        assert status == 404, (status, text)
        self.record('error.webob', '2.1', 'member', 'GET action', status, text)

        for op, items in self.records.items():
            with open(os.path.join(OUT, op + '.json'), 'w') as f:
                f.write('{"source": "Nova 26.2.2 (python3-nova, fake virt driver), recorded by capture.py",\n "exchanges": [\n')
                f.write(',\n'.join(json.dumps(x, sort_keys=True) for x in items))
                f.write('\n]}\n')


if __name__ == '__main__':
    OUT = os.path.abspath(sys.argv[1])
    os.makedirs(OUT, exist_ok=True)
    unittest.main(argv=[sys.argv[0], 'Capture.test_capture'], verbosity=1)
