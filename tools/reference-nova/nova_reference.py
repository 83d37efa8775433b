#!/usr/bin/python3
"""A real Nova (Debian python3-nova, Zed) in one process, for the kit.

Runs the real nova-api (eventlet WSGI server, on 127.0.0.1 only), conductor,
scheduler and two nova-compute services (compute1, compute2) with a fake
virt driver, real placement (in-process) and in-memory sqlite databases.
Neutron, Glance and Cinder are Nova's own functional-test fixtures.

It is built on nova.test.TestCase, the base class of Nova's functional
tests: setUp() runs once, then the process serves until SIGTERM/SIGINT.
Started and stopped by the `start` and `stop` scripts next to this file;
see README.md. Must be run with Debian's /usr/bin/python3.
"""

import os  # noqa: E402  (only the standard library before this)

# Up to Nova 31, importing nova.monkey_patch applies eventlet's monkey
# patching, as nova-api does. From Nova 33 on the service chooses between
# eventlet and native threads. This process uses eventlet there too, as
# Nova's functional tests do (nova/tests/functional/__init__.py): with
# native threads (NOVA_REF_CONCURRENCY=threading) the services share the
# fixtures' single in-memory sqlite connection across threads and the
# first boot fails ("cannot start a transaction within a transaction").
import nova.monkey_patch as _nova_monkey_patch  # noqa: E402
if hasattr(_nova_monkey_patch, 'patch'):
    # nova.tests.functional calls patch() again: the environment variable
    # makes every call agree.
    os.environ['OS_NOVA_DISABLE_EVENTLET_PATCHING'] = (
        '1' if os.environ.get('NOVA_REF_CONCURRENCY') == 'threading' else '0')
    _nova_monkey_patch.patch()
    EVENTLET = _nova_monkey_patch.is_patched()
else:
    EVENTLET = True

import argparse  # noqa: E402
import copy  # noqa: E402
import ipaddress  # noqa: E402
import logging  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socketserver  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from wsgiref import simple_server  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# The paste pipeline refers to this module as "nova_reference", and Nova
# loads compute drivers from the nova.virt namespace only: make both names
# resolve to the running module instead of importing a second copy of it.
if __name__ == '__main__':
    sys.modules.setdefault('nova_reference', sys.modules[__name__])
sys.modules.setdefault('nova.virt.reference_fake', sys.modules[__name__])

# oslotest would arm a per-test timeout or capture stdout if these are set.
for _var in ('OS_TEST_TIMEOUT', 'OS_STDOUT_CAPTURE', 'OS_STDERR_CAPTURE',
             'OS_LOG_CAPTURE', 'OS_DEBUG'):
    os.environ.pop(_var, None)

if EVENTLET:
    import eventlet  # noqa: E402
import fixtures  # noqa: E402
from neutronclient.common import exceptions as neutron_client_exc  # noqa
from oslo_config import cfg  # noqa: E402
from oslo_utils import timeutils  # noqa: E402
import webob  # noqa: E402
import webob.dec  # noqa: E402

from nova.api.openstack import wsgi as nova_wsgi  # noqa: E402

from nova.compute import power_state  # noqa: E402
from nova import exception as nova_exception  # noqa: E402
from nova import service as nova_service  # noqa: E402
from nova import test  # noqa: E402
from nova.tests import fixtures as nova_fixtures  # noqa: E402
from nova.tests.fixtures import neutron as nova_neutron_fixtures  # noqa
from nova.tests.functional import fixtures as func_fixtures  # noqa: E402
from nova.virt import fake  # noqa: E402

CONF = cfg.CONF
LOG = logging.getLogger('nova_reference')

# Set by main() from the profile: two hosts, or one (--profile defaults).
COMPUTE_HOSTS = ('compute1', 'compute2')

# ---------------------------------------------------------------------------
# Virt driver: upstream's fake driver, with libvirt-like power states.
# ---------------------------------------------------------------------------

CONSOLE_LOG_LINES = 12

# How long a live migration stays "running" unless it is aborted or forced
# to complete through the API (DELETE / force_complete on the migration).
LIVE_MIGRATION_SECONDS = 2.0


class _Outcome:
    """A one-shot value one thread waits for (green or native)."""

    def __init__(self):
        self._value = None
        self._event = (eventlet.event.Event() if EVENTLET
                       else threading.Event())

    def send(self, value):
        if EVENTLET:
            if not self._event.ready():
                self._event.send(value)
        elif not self._event.is_set():
            self._value = value
            self._event.set()

    def wait(self, timeout):
        """The value sent, or None after `timeout` seconds."""
        if EVENTLET:
            with eventlet.timeout.Timeout(timeout, False):
                return self._event.wait()
            return None
        return self._value if self._event.wait(timeout) else None


class LibvirtLikeFakeDriver(fake.FakeDriver):
    """FakeDriver whose power states follow what libvirt/KVM reports.

    Upstream's FakeDriver keeps a guest RUNNING through pause and suspend.
    Here: paused -> PAUSED (3); suspended (managed save), stopped, shelved
    and soft-deleted -> SHUTDOWN (4); running and rescue -> RUNNING (1).
    Live migration takes LIVE_MIGRATION_SECONDS and can be aborted or
    forced to complete.
    """

    def __init__(self, virtapi, read_only=False):
        super().__init__(virtapi, read_only)
        # instance uuid -> eventlet Event signalled with 'abort'/'complete'
        self._live_migrations = {}

    def _set_state(self, instance, state):
        if instance.uuid not in self.instances:
            raise nova_exception.InstanceNotFound(instance_id=instance.uuid)
        self.instances[instance.uuid].state = state

    def pause(self, instance):
        self._set_state(instance, power_state.PAUSED)

    def unpause(self, instance):
        self._set_state(instance, power_state.RUNNING)

    def suspend(self, context, instance):
        # libvirt saves the guest to disk: the domain is shut off.
        self._set_state(instance, power_state.SHUTDOWN)

    # Nova 31 added share_info to resume() and rescue(): accept any tail.
    def resume(self, context, instance, network_info, *args, **kwargs):
        self._set_state(instance, power_state.RUNNING)

    def rescue(self, context, instance, network_info, image_meta,
               rescue_password, *args, **kwargs):
        # libvirt boots the rescue domain: it runs.
        self._set_state(instance, power_state.RUNNING)

    # libvirt has no soft_delete/restore: the compute manager then powers
    # the guest off on soft delete and on again on restore.
    def soft_delete(self, instance):
        raise NotImplementedError()

    def restore(self, instance):
        raise NotImplementedError()

    def get_console_output(self, context, instance):
        host = instance.hostname or 'guest'
        lines = [
            '[    0.000000] Linux version 5.10.0-fake (reference-nova)',
            '[    0.000000] Command line: root=/dev/vda1 console=ttyS0',
            '[    0.412345] Freeing unused kernel memory: 2048K',
            '[    0.823456] systemd[1]: Detected virtualization kvm.',
            '[    1.034567] systemd[1]: Set hostname to <%s>.' % host,
            '[    1.245678] EXT4-fs (vda1): mounted filesystem',
            'cloud-init: instance-id: %s' % instance.uuid,
            'cloud-init: local-hostname: %s' % host,
            'cloud-init: network: eth0 up, dhcp lease obtained',
            'Starting OpenBSD Secure Shell server: sshd.',
            'Debian GNU/Linux 12 %s ttyS0' % host,
            '%s login: ' % host,
        ]
        assert len(lines) == CONSOLE_LOG_LINES
        return '\n'.join(lines)

    def live_migration(self, context, instance, dest, post_method,
                       recover_method, block_migration=False,
                       migrate_data=None):
        done = _Outcome()
        self._live_migrations[instance.uuid] = done
        try:
            # Wait for an abort/force-complete request, at most the
            # simulated transfer time.
            outcome = done.wait(LIVE_MIGRATION_SECONDS)
        finally:
            self._live_migrations.pop(instance.uuid, None)
        if outcome == 'abort':
            recover_method(context, instance, dest, migrate_data,
                           migration_status='cancelled')
        else:
            post_method(context, instance, dest, block_migration,
                        migrate_data)

    def _signal_live_migration(self, instance, outcome):
        done = self._live_migrations.get(instance.uuid)
        if done is not None:
            done.send(outcome)

    def live_migration_force_complete(self, instance):
        self._signal_live_migration(instance, 'complete')

    def live_migration_abort(self, instance):
        self._signal_live_migration(instance, 'abort')

    def post_live_migration(self, context, instance, block_device_info,
                            migrate_data=None):
        # Runs on the source host: the guest is gone from here.
        self.destroy(context, instance, network_info=None,
                     block_device_info=block_device_info)


# ---------------------------------------------------------------------------
# Neutron: Nova's NeutronFixture plus per-project security groups and a
# floating IP pool.
# ---------------------------------------------------------------------------

_NS = uuid.UUID('5a1d3c1e-7f55-4c1b-9a0e-2f0b8f3f6d21')
FIXED_IP_FIRST = ipaddress.ip_address('192.168.1.100')
FIXED_IP_COUNT = 150            # 192.168.1.100 .. 192.168.1.249
FLOATING_IP_RANGE = 200         # addresses on the external network
FLOATING_IP_PREALLOCATED = 50   # of which the reference profile pre-allocates


class Names:
    """The names and numbers of the cloud's network resources.

    Without a seed: the reference's historical names (security group
    "extra", networks "private" and "public", floating IPs from
    172.24.4.10). With a seed (start --names-seed X / --rename) every one
    of them is derived from the seed, so that a client that hard-codes a
    name or an address of the reference fails there.
    """

    def __init__(self, seed=None):
        self.seed = seed
        if not seed:
            self.second_group = 'extra'
            self.private_network = 'private'
            self.public_network = 'public'
            self.public_network_id = '9e0e2a4b-51bb-4e3c-8f0e-4e1f0b6e0c2a'
            self.floating_first = ipaddress.ip_address('172.24.4.10')
            self.ns = _NS
            return
        import hashlib
        h = hashlib.sha256(seed.encode()).hexdigest()
        tag = h[:6]
        self.second_group = 'sg-%s-web' % tag
        self.private_network = 'tenant-net-%s' % tag
        self.public_network = 'ext-%s' % tag
        self.ns = uuid.uuid5(_NS, 'seed-' + seed)
        self.public_network_id = str(uuid.uuid5(self.ns, 'public-network'))
        # 10.<a>.<b>.20 onwards: never 172.24.4.x
        a, b = int(h[6:8], 16) % 200 + 20, int(h[8:10], 16)
        self.floating_first = ipaddress.ip_address('10.%d.%d.20' % (a, b))

    def as_dict(self, second_group=True):
        last = self.floating_first + FLOATING_IP_RANGE - 1
        return {
            'seed': self.seed,
            'security_groups': ['default'] + (
                [self.second_group] if second_group else []),
            'private_network': self.private_network,
            'public_network': self.public_network,
            'public_network_id': self.public_network_id,
            'floating_ip_range': '%s-%s' % (self.floating_first, last),
        }


class _ProjectNeutronClient(nova_neutron_fixtures._FakeNeutronClient):
    """The fixture's client, plus the request context's project.

    A real neutronclient acts with the caller's token, so Neutron knows
    who creates a floating IP or a security group, and whose it may
    delete. The fixture's client knows only "admin or not"; this one also
    passes the project on to the calls that need it.
    """

    def __init__(self, fixture, is_admin, project_id):
        super().__init__(fixture, is_admin)
        self.project_id = project_id

    def create_floatingip(self, body=None):
        return self.fixture.create_floatingip(body, self.project_id)

    def delete_floatingip(self, floatingip):
        return self.fixture.delete_floatingip(floatingip, self.project_id,
                                              self.is_admin)

    def create_security_group(self, body=None):
        return self.fixture.create_security_group(body, self.project_id)

    def update_security_group(self, security_group, body=None):
        return self.fixture.update_security_group(
            security_group, body, self.project_id, self.is_admin)

    def delete_security_group(self, security_group):
        return self.fixture.delete_security_group(
            security_group, self.project_id, self.is_admin)


class ReferenceNeutronFixture(nova_fixtures.NeutronFixture):
    """NeutronFixture with what the server actions need.

    * the network "private" is shared, so every project boots on it;
    * every port gets its own IPv4 address and its project's security group;
    * every project has the security group "default"; the reference
      profile adds a second one ("extra");
    * security groups can be created, renamed and deleted (409 while a
      port uses one, as Neutron; "default" cannot be deleted);
    * an external network "public" with FLOATING_IP_RANGE addresses from
      172.24.4.10; the reference profile pre-allocates the first
      FLOATING_IP_PREALLOCATED, visible to every project (ownership is
      not enforced for those). Any project may allocate one of the others
      (create_floatingip, POST /os-floating-ips) and release it (DELETE);
      those belong to that project, as in Neutron. With the
      fip-port-details extension.
    """

    def __init__(self, test, names, second_group=True, preallocate=True):
        super().__init__(test)
        self.names = names
        self.second_group = second_group
        net = copy.deepcopy(self.network_1)
        net['shared'] = True
        net['name'] = names.private_network
        self._networks[net['id']] = net
        self.public_network_id = names.public_network_id
        self._networks[self.public_network_id] = {
            'id': self.public_network_id,
            'name': names.public_network,
            'description': '',
            'status': 'ACTIVE',
            'subnets': [],
            'admin_state_up': True,
            'tenant_id': 'reference-nova-admin',
            'project_id': 'reference-nova-admin',
            'shared': False,
            'mtu': 1500,
            'router:external': True,
            'availability_zone_hints': [],
            'availability_zones': ['nova'],
            'port_security_enabled': True,
            'ipv4_address_scope': None,
            'ipv6_address_scope': None,
            'provider:network_type': 'flat',
            'provider:physical_network': 'physnet-external',
            'provider:segmentation_id': None,
        }
        self._projects_with_groups = set()
        self._floatingips = {}
        if preallocate:
            for i in range(FLOATING_IP_PREALLOCATED):
                self._new_floatingip(str(names.floating_first + i),
                                     'reference-nova-admin', True)
        self._next_fixed_ip = 0

    def _get_client(self, context, admin=False):
        admin = admin or context.is_admin and not context.auth_token
        return _ProjectNeutronClient(self, admin, context.project_id)

    def inventory(self):
        """What clients created, for before/after counts (/_control)."""
        auto = {self._group_id(p, n) for p in self._projects_with_groups
                for n in ('default', self.names.second_group)}
        fips = list(self._floatingips.values())
        return {
            'security_groups': {
                'total': len(self._security_groups),
                'created': sum(1 for i in self._security_groups
                               if i not in auto and
                               i != self.security_group['id'])},
            'floating_ips': {
                'total': len(fips),
                'allocated': sum(1 for f in fips
                                 if f['tenant_id'] != 'reference-nova-admin'),
                'associated': sum(1 for f in fips if f['port_id'])},
            'ports': len(self._ports),
        }

    # -- security groups ---------------------------------------------------

    def _group_id(self, project_id, name):
        return str(uuid.uuid5(self.names.ns, 'sg-%s-%s' % (project_id, name)))

    def _ensure_project_groups(self, project_id):
        if not project_id or project_id in self._projects_with_groups:
            return
        self._projects_with_groups.add(project_id)
        groups = [('default', 'Default security group')]
        if self.second_group:
            groups.append((self.names.second_group,
                           'Second group of the reference Nova'))
        for name, desc in groups:
            sg_id = self._group_id(project_id, name)
            self._security_groups[sg_id] = {
                'id': sg_id,
                'name': name,
                'description': desc,
                'tenant_id': project_id,
                'project_id': project_id,
                'security_group_rules': [],
            }

    def _own_group(self, security_group_id, project_id, is_admin):
        sg = self._security_groups.get(security_group_id)
        if sg is None or not (is_admin or sg['tenant_id'] == project_id):
            raise neutron_client_exc.NotFound(
                message='Security group %s does not exist'
                % security_group_id)
        return sg

    def list_security_groups(self, retrieve_all=True, **_params):
        for key in ('tenant_id', 'project_id'):
            project = _params.get(key)
            if isinstance(project, str):
                self._ensure_project_groups(project)
        return super().list_security_groups(retrieve_all, **_params)

    def show_security_group(self, security_group_id, **_params):
        sg = self._security_groups.get(security_group_id)
        if sg is None:
            raise neutron_client_exc.NotFound(
                message='Security group %s could not be found.'
                % security_group_id)
        return {'security_group': copy.deepcopy(sg)}

    def create_security_group(self, body=None, project_id=None):
        wanted = (body or {}).get('security_group', {})
        project_id = wanted.get('tenant_id') or project_id
        if not project_id:
            raise neutron_client_exc.BadRequest(
                message='a security group needs a project')
        self._ensure_project_groups(project_id)
        if wanted.get('name') == 'default':
            raise neutron_client_exc.Conflict(
                message='Default security group already exists.')
        sg_id = str(uuid.uuid4())
        self._security_groups[sg_id] = {
            'id': sg_id,
            'name': wanted.get('name', ''),
            'description': wanted.get('description', ''),
            'tenant_id': project_id,
            'project_id': project_id,
            'security_group_rules': [],
        }
        return {'security_group': copy.deepcopy(self._security_groups[sg_id])}

    def update_security_group(self, security_group, body=None,
                              project_id=None, is_admin=False):
        sg = self._own_group(security_group, project_id, is_admin)
        wanted = (body or {}).get('security_group', {})
        if sg['name'] == 'default' and wanted.get('name', 'default') != \
                'default':
            raise neutron_client_exc.Conflict(
                message='Updating default security group not allowed.')
        for key in ('name', 'description'):
            if key in wanted:
                sg[key] = wanted[key]
        return {'security_group': copy.deepcopy(sg)}

    def delete_security_group(self, security_group, project_id=None,
                              is_admin=False):
        sg = self._own_group(security_group, project_id, is_admin)
        if sg['name'] == 'default' and not is_admin:
            raise neutron_client_exc.Conflict(
                message='Removing default security group not allowed.')
        in_use = [p['id'] for p in self._ports.values()
                  if security_group in p.get('security_groups', [])]
        if in_use:
            raise neutron_client_exc.Conflict(
                message='Security Group %s in use.' % security_group)
        del self._security_groups[security_group]

    def find_resource(self, resource, name_or_id, project_id=None,
                      cmd_resource=None, parent_id=None, fields=None):
        # What neutronclient's Client.find_resource does: by id first, then
        # by name within the project.
        if resource != 'security_group':
            raise neutron_client_exc.NotFound(
                message='Unable to find %s with name or id %r'
                % (resource, name_or_id))
        self._ensure_project_groups(project_id)
        if name_or_id in self._security_groups:
            return copy.deepcopy(self._security_groups[name_or_id])
        found = [sg for sg in self._security_groups.values()
                 if sg['name'] == name_or_id and
                 (not project_id or sg['tenant_id'] == project_id)]
        if len(found) > 1:
            raise neutron_client_exc.NeutronClientNoUniqueMatch(
                resource=resource, name=name_or_id)
        if not found:
            raise neutron_client_exc.NotFound(
                message="Unable to find %s with name or id '%s'"
                % (resource, name_or_id))
        return copy.deepcopy(found[0])

    # -- ports -----------------------------------------------------------

    def _allocate_fixed_ip(self):
        used = {ip['ip_address'] for p in self._ports.values()
                for ip in p.get('fixed_ips', [])}
        for _ in range(FIXED_IP_COUNT):
            candidate = str(FIXED_IP_FIRST + self._next_fixed_ip)
            self._next_fixed_ip = (self._next_fixed_ip + 1) % FIXED_IP_COUNT
            if candidate not in used:
                return candidate
        raise neutron_client_exc.IpAddressGenerationFailureClient(
            message='No more IP addresses available on network %s.'
            % self.names.private_network)

    def create_port(self, body=None):
        requested = copy.deepcopy((body or {}).get('port', {}))
        result = super().create_port(body)
        port = self._ports[result['port']['id']]
        project_id = requested.get('tenant_id') or requested.get('project_id')
        if project_id:
            port['tenant_id'] = port['project_id'] = project_id
            self._ensure_project_groups(project_id)
        if requested.get('security_groups'):
            port['security_groups'] = list(requested['security_groups'])
        elif project_id:
            port['security_groups'] = [self._group_id(project_id, 'default')]
        if not requested.get('fixed_ips') and port['network_id'] == \
                self.network_1['id']:
            port['fixed_ips'] = [{'ip_address': self._allocate_fixed_ip(),
                                  'subnet_id': self.subnet_1['id']}]
        return {'port': copy.deepcopy(port)}

    def delete_port(self, port_id, **_params):
        # Neutron disassociates floating IPs of a deleted port.
        for fip in self._floatingips.values():
            if fip['port_id'] == port_id:
                self._set_fip_port(fip, None, None)
        return super().delete_port(port_id, **_params)

    def list_extensions(self, *args, **kwargs):
        result = super().list_extensions(*args, **kwargs)
        result['extensions'].append({
            'updated': '2018-06-15T10:00:00-00:00',
            'name': 'Floating IP Port Details Extension',
            'links': [],
            'alias': 'fip-port-details',
            'description': 'Add port_details attribute to Floating IP',
        })
        return result

    # -- floating IPs ------------------------------------------------------

    def _new_floatingip(self, address, project_id, preallocated=False):
        # pre-allocated: the same id at every start; allocated: never reused
        fip_id = str(uuid.uuid5(self.names.ns, 'fip-' + address)
                     if preallocated else uuid.uuid4())
        self._floatingips[fip_id] = {
            'id': fip_id,
            'floating_ip_address': address,
            'floating_network_id': self.public_network_id,
            'router_id': None,
            'port_id': None,
            'fixed_ip_address': None,
            'status': 'DOWN',
            'tenant_id': project_id,
            'project_id': project_id,
            'description': '',
            'dns_domain': '',
            'dns_name': '',
            'port_details': None,
            'tags': [],
        }
        return self._floatingips[fip_id]

    def _set_fip_port(self, fip, port, fixed_ip_address):
        if port is None:
            fip.update(port_id=None, fixed_ip_address=None, router_id=None,
                       status='DOWN', port_details=None)
            return
        fip.update(
            port_id=port['id'],
            fixed_ip_address=fixed_ip_address,
            router_id=str(uuid.uuid5(_NS, 'router')),
            status='ACTIVE',
            port_details={
                'name': port.get('name', ''),
                'network_id': port['network_id'],
                'mac_address': port['mac_address'],
                'admin_state_up': port['admin_state_up'],
                'status': port['status'],
                'device_id': port.get('device_id', ''),
                'device_owner': port.get('device_owner', ''),
            })

    def list_floatingips(self, retrieve_all=True, **_params):
        # The pre-allocated pool is visible to every project (ownership is
        # not enforced for it); an allocated address only to its project.
        project = _params.pop('tenant_id', None) or \
            _params.pop('project_id', None)
        fips = self._list_resource(self._floatingips, retrieve_all, **_params)
        if isinstance(project, str):
            fips = [f for f in fips
                    if f['tenant_id'] in (project, 'reference-nova-admin')]
        for fip in fips:
            if fip['port_id'] and fip['port_id'] in self._ports:
                port = self._ports[fip['port_id']]
                fip['port_details']['device_id'] = port.get('device_id', '')
        return {'floatingips': fips}

    def show_floatingip(self, floatingip_id, **_params):
        if floatingip_id not in self._floatingips:
            raise neutron_client_exc.NotFound(
                message='Floating IP %s could not be found' % floatingip_id)
        return {'floatingip': copy.deepcopy(self._floatingips[floatingip_id])}

    def create_floatingip(self, body=None, project_id=None):
        wanted = (body or {}).get('floatingip', {})
        network_id = wanted.get('floating_network_id')
        if network_id != self.public_network_id:
            raise neutron_client_exc.BadRequest(
                message='Network %s is not a valid external network'
                % network_id)
        project_id = wanted.get('tenant_id') or project_id
        if not project_id:
            raise neutron_client_exc.BadRequest(
                message='a floating IP needs a project')
        used = {f['floating_ip_address'] for f in self._floatingips.values()}
        for i in range(FLOATING_IP_RANGE):
            address = str(self.names.floating_first + i)
            if address not in used:
                fip = self._new_floatingip(address, project_id)
                return {'floatingip': copy.deepcopy(fip)}
        raise neutron_client_exc.ExternalIpAddressExhaustedClient(
            message='No more IP addresses available on network %s.'
            % network_id)

    def delete_floatingip(self, floatingip, project_id=None, is_admin=False):
        fip = self._floatingips.get(floatingip)
        if fip is None or not (is_admin or fip['tenant_id'] == project_id):
            raise neutron_client_exc.NotFound(
                message='Floating IP %s could not be found' % floatingip)
        del self._floatingips[floatingip]

    def update_floatingip(self, floatingip_id, body=None):
        if floatingip_id not in self._floatingips:
            raise neutron_client_exc.NotFound(
                message='Floating IP %s could not be found' % floatingip_id)
        fip = self._floatingips[floatingip_id]
        wanted = (body or {}).get('floatingip', {})
        port_id = wanted.get('port_id')
        if port_id is None:
            self._set_fip_port(fip, None, None)
        else:
            if port_id not in self._ports:
                raise neutron_client_exc.NotFound(
                    message='Port %s could not be found.' % port_id)
            port = self._ports[port_id]
            fixed = wanted.get('fixed_ip_address') or \
                port['fixed_ips'][0]['ip_address']
            self._set_fip_port(fip, port, fixed)
        return {'floatingip': copy.deepcopy(fip)}


# ---------------------------------------------------------------------------
# Glance: Nova's GlanceFixture, with image listing filters and ordering.
# ---------------------------------------------------------------------------

def _naive_utc(value):
    """Datetimes as naive UTC, so that the fixture's own (naive) and newer
    oslo.utils' (aware) timestamps compare; anything else unchanged."""
    import datetime
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value


class ReferenceGlanceFixture(nova_fixtures.GlanceFixture):
    """GlanceFixture whose listing honours filters, sorting and paging.

    Upstream's fixture lists every image whatever the filters; with real
    backup rotation (which lists "backups of this server, newest first"
    and deletes all but the newest N) that deleted unrelated images.
    """

    def create(self, context, metadata, data=None):
        now = timeutils.utcnow()
        metadata.setdefault('created_at', now)
        metadata.setdefault('updated_at', now)
        return super().create(context, metadata, data)

    @staticmethod
    def _matches(image, key, value):
        if key.startswith('property-'):
            return str(image.get('properties', {}).get(key[9:])) == str(value)
        if key in ('name', 'status', 'id'):
            return str(image.get(key)).lower() == str(value).lower()
        if key in ('min_ram', 'min_disk'):
            return int(image.get(key) or 0) >= int(value)
        if key == 'changes-since':
            updated = _naive_utc(image.get('updated_at'))
            return updated is None or \
                updated >= _naive_utc(timeutils.parse_isotime(value))
        return True     # is_public and unknown filters: no restriction

    def detail(self, context, **kwargs):
        images = [copy.deepcopy(i) for i in self.images.values()]
        filters = kwargs.get('filters') or {}
        images = [i for i in images
                  if all(self._matches(i, k, v) for k, v in filters.items())]
        sort_key = kwargs.get('sort_key') or 'created_at'
        images.sort(key=lambda i: (i.get(sort_key) is not None,
                                   _naive_utc(i.get(sort_key)) or 0, i['id']),
                    reverse=(kwargs.get('sort_dir') or 'desc') == 'desc')
        marker = kwargs.get('marker')
        if marker:
            ids = [i['id'] for i in images]
            if marker not in ids:
                raise nova_exception.MarkerNotFound(marker=marker)
            images = images[ids.index(marker) + 1:]
        limit = kwargs.get('limit')
        if limit:
            images = images[:int(limit)]
        return images


# ---------------------------------------------------------------------------
# The cloud.
# ---------------------------------------------------------------------------

class ReferenceNova(test.TestCase):
    """One long-lived "test" whose setUp() builds the cloud."""

    USES_DB = True
    REQUIRES_LOCKING = True

    # Filled in by main() before setUp().
    options = None

    def runTest(self):
        """testtools needs a test method; the cloud lives in setUp()."""

    def useFixture(self, fixture):
        result = super().useFixture(fixture)
        self._used_fixtures.append(fixture)
        return result

    def setUp(self):
        self._used_fixtures = []
        opts = self.options
        super().setUp()

        # Same service wiring as Nova's _IntegratedTestBase, WITHOUT
        # CastAsCallFixture: casts stay asynchronous as in production.
        # Profile "reference": soft delete, shelve without offload, resize
        # to the same host. Profile "defaults": Nova's shipped values.
        reference = opts.profile == 'reference'
        self.flags(
            compute_driver='reference_fake.LibvirtLikeFakeDriver',
            allow_resize_to_same_host=reference,
            periodic_enable=True,
            reclaim_instance_interval=(opts.reclaim_interval if reference
                                       else 0),
            shelved_offload_time=-1 if reference else 0,
            my_ip='127.0.0.1',
        )
        if reference:
            # Room for the servers a certification deletes in the background
            # (the fake driver's two hosts hold 46 of the smallest flavor).
            self.flags(instances=40, cores=40, group='quota')
        # the eventlet API server's options (gone from Nova 33 on)
        self._flags_if_known(None, osapi_compute_listen='127.0.0.1',
                             osapi_compute_listen_port=opts.port,
                             osapi_compute_workers=1)
        # noauth2 and [api]auth_strategy are gone from Nova 33 on
        self._flags_if_known('api', auth_strategy=opts.auth)
        # Nova 31+ checks its own responses against its schemas; the test
        # fixture makes a mismatch an error (the client gets 400 after the
        # action already ran), production's default only logs a warning.
        self._flags_if_known('api', response_validation='warn')
        self.flags(api_paste_config=os.path.join(HERE, 'api-paste.ini'),
                   group='wsgi')
        self._flags_if_known('wsgi', keep_alive=True)
        self.flags(lock_path=os.path.join(opts.state_dir, 'locks'),
                   group='oslo_concurrency')
        # Notifiers created from now on must not use the in-memory "test"
        # driver that nova.test sets as default (it keeps every message).
        self.flags(driver=['noop'], group='oslo_messaging_notifications')
        if opts.auth == 'keystone':
            self._configure_keystone_authtoken(opts)

        # Placement's fixture sets oslo.policy's enforce_scope and
        # enforce_new_defaults to False as *defaults* of the shared option
        # objects, which Nova's configuration reads too: keep Nova's own
        # values (Zed: False/False; 2023.2 and later: True/True).
        policy_opts = {name: getattr(CONF.oslo_policy, name)
                       for name in ('enforce_scope', 'enforce_new_defaults')
                       if name in CONF.oslo_policy}
        self.placement = self.useFixture(func_fixtures.PlacementFixture()).api
        if os.environ.get('NOVA_REF_POLICY_TRAP') == '1':
            # only to show that smoke's policy proof can fail: leave the
            # trap in place, Nova then runs the old defaults
            policy_opts = {k: getattr(CONF.oslo_policy, k)
                           for k in policy_opts}
        self.flags(group='oslo_policy', **policy_opts)
        LOG.info('policy: %s', ', '.join('%s=%s' % kv for kv in
                                         sorted(policy_opts.items())))
        self.neutron = self.useFixture(ReferenceNeutronFixture(
            self, opts.names, second_group=reference, preallocate=reference))
        # POST /os-floating-ips without a pool allocates from this one
        self.flags(default_floating_pool=opts.names.public_network,
                   group='neutron')
        self.cinder = self.useFixture(nova_fixtures.CinderFixture(self))
        self.glance = self.useFixture(ReferenceGlanceFixture(self))
        self.policy = self.useFixture(nova_fixtures.RealPolicyFixture())

        if 'cell1' in self.cell_mappings:
            self.flags(transport_url=self.cell_mappings['cell1'].transport_url)
        self.conductor = self.start_service('conductor')
        self.scheduler = self.start_service('scheduler')
        for host in COMPUTE_HOSTS:
            self._start_compute(host)

        self._undo_test_guards()

        if hasattr(nova_service, 'WSGIService'):
            # up to Nova 31: the eventlet server the nova-api binary runs
            self.api_service = nova_service.WSGIService('osapi_compute')
            self.api_service.start()
        else:
            # Nova 33 and later ship the API as a WSGI application only
            self.api_service = _ThreadedAPIServer(opts.port)

    # -- helpers for setUp -------------------------------------------------

    def _flags_if_known(self, group, **kw):
        conf = CONF if group is None else CONF[group]
        known = {k: v for k, v in kw.items() if k in conf}
        if known:
            self.flags(group=group, **known)

    def _configure_keystone_authtoken(self, opts):
        from keystoneauth1 import loading as ks_loading
        import keystonemiddleware.auth_token  # noqa: F401  (registers opts)
        group = 'keystone_authtoken'
        plugin = ks_loading.get_plugin_loader('password')
        CONF.register_opts(ks_loading.get_auth_plugin_conf_options(plugin),
                           group=group)
        keystone = 'http://127.0.0.1:%d' % opts.keystone_port
        self.flags(group=group,
                   www_authenticate_uri=keystone + '/v3',
                   auth_url=keystone + '/v3',
                   auth_type='password',
                   username=opts.service_user,
                   password=os.environ.get('NOVA_REF_SERVICE_PASSWORD', ''),
                   project_name='service',
                   user_domain_name='Default',
                   project_domain_name='Default',
                   service_token_roles_required=True)

    def _undo_test_guards(self):
        """Remove what only makes sense inside a unit-test run."""
        guards = tuple(getattr(nova_fixtures, name) for name in (
            'GenericPoisonFixture', 'SysFsPoisonFixture', 'WarningsFixture',
            'ImportModulePoisonFixture')   # the last one from Nova 31 on
            if hasattr(nova_fixtures, name))
        for fixture in self._used_fixtures:
            if isinstance(fixture, guards):
                fixture.cleanUp()
        import warnings
        warnings.simplefilter('ignore', DeprecationWarning)

    # -- compute service control (used by the /_control route) -------------

    def compute_status(self):
        return {host: {'running': bool(
                    self.computes.get(host) is not None and
                    getattr(self.computes[host], '_reference_running', True))}
                for host in COMPUTE_HOSTS}

    def stop_compute(self, host):
        svc = self.computes[host]
        if getattr(svc, '_reference_running', True):
            svc.stop()
            svc._reference_running = False
            LOG.info('control: nova-compute on %s stopped', host)
            return True
        return False

    def start_compute(self, host):
        svc = self.computes[host]
        if getattr(svc, '_reference_running', True):
            return False
        # Keep the hypervisor (driver) state, as a real restart would.
        cell_name = self.host_mappings[host].cell_mapping.name
        old_driver = svc.manager.driver
        with fixtures.MockPatch('nova.virt.driver.load_compute_driver',
                                return_value=old_driver):
            new = self.start_service('compute', host=host, cell_name=cell_name)
        self.computes[host] = new
        LOG.info('control: nova-compute on %s started', host)
        return True

    def restart_compute(self, host):
        self.stop_compute(host)
        self.start_compute(host)


class _ThreadingWSGIServer(socketserver.ThreadingMixIn,
                           simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, fmt, *args):
        # Nova's request_log middleware logs every request already
        pass


def _read_body_first(app):
    """Read the whole request body before the app runs.

    wsgiref closes the connection after each response; when the app
    answered without reading the body (a refusal), unread bytes are left
    in the socket and the kernel resets the connection, so the client may
    lose the response ("response ended prematurely"). Production servers
    drain the body; this does the same.
    """
    import io

    def wrapped(environ, start_response):
        try:
            length = int(environ.get('CONTENT_LENGTH') or 0)
        except ValueError:
            length = 0
        body = environ['wsgi.input'].read(length) if length > 0 else b''
        environ['wsgi.input'] = io.BytesIO(body)
        return app(environ, start_response)
    return wrapped


class _ThreadedAPIServer:
    """The compute API app of api-paste.ini behind the standard library's
    threading HTTP server, for releases without an API server of their own
    (Nova 33+: production runs it under uwsgi or mod_wsgi)."""

    def __init__(self, port):
        from nova.api import wsgi as nova_api_wsgi
        app = _read_body_first(
            nova_api_wsgi.Loader().load_app('osapi_compute'))
        self.green = None
        if EVENTLET:
            # eventlet's HTTP/1.1 server (keep-alive), as the eventlet
            # nova-api of the older releases: wsgiref's HTTP/1.0 server lost
            # responses to .NET's HttpClient under the kit's parallel load
            import eventlet.wsgi
            self.sock = eventlet.listen(('127.0.0.1', port))
            self.green = eventlet.spawn(
                eventlet.wsgi.server, self.sock, app, log_output=False,
                keepalive=True)
            return
        self.server = simple_server.make_server(
            '127.0.0.1', port, app, server_class=_ThreadingWSGIServer,
            handler_class=_QuietHandler)
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={'poll_interval': 0.5},
                                       name='osapi_compute', daemon=True)
        self.thread.start()

    def stop(self):
        if self.green is not None:
            self.green.kill()
            self.sock.close()
            return
        self.server.shutdown()
        self.server.server_close()


# ---------------------------------------------------------------------------
# /_control: a tiny WSGI app outside the Nova API.
# ---------------------------------------------------------------------------

CLOUD = None   # the ReferenceNova instance, set by main()


def _json(status, body):
    return webob.Response(status=status, json_body=body,
                          charset='UTF-8')


@webob.dec.wsgify
def control_app(req):
    """POST /_control/computes/<host>/{stop,start,restart}; GET .../computes"""
    parts = [p for p in req.path_info.split('/') if p]
    if CLOUD is None:
        return _json(503, {'error': 'the cloud is not ready yet'})
    if parts == ['computes'] and req.method == 'GET':
        return _json(200, {'computes': CLOUD.compute_status()})
    if parts == ['health'] and req.method == 'GET':
        return _json(200, {'status': 'ok', 'pid': os.getpid()})
    if parts == ['inventory'] and req.method == 'GET':
        return _json(200, CLOUD.neutron.inventory())
    if len(parts) == 3 and parts[0] == 'computes':
        host, verb = parts[1], parts[2]
        if host not in COMPUTE_HOSTS:
            return _json(404, {'error': 'unknown compute host %r; known: %s'
                               % (host, ', '.join(COMPUTE_HOSTS))})
        if verb not in ('stop', 'start', 'restart'):
            return _json(404, {'error': 'unknown verb %r; use stop, start or '
                               'restart' % verb})
        if req.method != 'POST':
            return _json(405, {'error': 'use POST'})
        started = time.monotonic()
        try:
            if verb == 'stop':
                changed = CLOUD.stop_compute(host)
            elif verb == 'start':
                changed = CLOUD.start_compute(host)
            else:
                CLOUD.restart_compute(host)
                changed = True
        except Exception as e:  # report, do not kill the server
            LOG.exception('control: %s of %s failed', verb, host)
            return _json(500, {'error': '%s of %s failed: %s'
                               % (verb, host, e)})
        return _json(200, {'host': host, 'action': verb, 'changed': changed,
                           'ms': int((time.monotonic() - started) * 1000),
                           'computes': CLOUD.compute_status()})
    return _json(404, {'error': 'no such control route; see '
                       'tools/reference-nova/README.md'})


def control_app_factory(global_config, **local_config):
    return control_app


def _roles_for(user_id):
    """The roles a Keystone token of the reference's users carries."""
    if user_id == 'admin':
        return ['admin', 'member', 'reader']
    if user_id.startswith('reader'):
        return ['reader']
    return ['member', 'reader']


def noauth2_filter_factory(global_config, **local_config):
    """Nova's noauth2 middleware; under the new policy defaults (Nova
    2023.2 and later) with the roles a Keystone token would carry.

    Nova's noauth2 builds request contexts without roles. The old policy
    defaults (Zed) do not look at roles for project actions, the new ones
    do: every project API would answer 403, to the admin too. So, when
    enforce_new_defaults is on: user "admin" gets admin, member and
    reader; a user whose name starts with "reader" gets reader only;
    anyone else member and reader, in the token's project.
    """
    from nova.api.openstack import auth as nova_auth
    if not CONF.oslo_policy.enforce_new_defaults:
        return nova_auth.NoAuthMiddleware.factory(global_config,
                                                  **local_config)

    class RoleNoAuthMiddleware(nova_auth.NoAuthMiddleware):
        @webob.dec.wsgify(RequestClass=nova_wsgi.Request)
        def __call__(self, req):
            result = self.base_call(req, True, always_admin=False)
            ctx = req.environ.get('nova.context')
            if ctx is not None:
                ctx.roles = _roles_for(ctx.user_id)
            return result

    def _factory(app):
        return RoleNoAuthMiddleware(app, **local_config)
    return _factory


# ---------------------------------------------------------------------------
# Process setup
# ---------------------------------------------------------------------------

def _move_logs_to_file(cloud, path, debug):
    """Until setUp() ends the logs are in the in-memory capture of Nova's
    StandardLogging fixture: append that capture to the log file and send
    what follows there too."""
    try:
        captured = cloud.stdlog.logger.output
    except Exception:
        captured = ''
    _log_to_file(path, debug)
    with open(path, 'a') as f:
        f.write(captured)


def _log_to_file(path, debug):
    """Send every log record to a file instead of the in-memory capture."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter(
        '%(asctime)s %(process)d %(levelname)s [%(name)s] %(message)s'))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for noisy in ('migrate.versioning.api', 'alembic', 'oslo_db.sqlalchemy',
                  'stevedore', 'oslo_policy'):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class _Sampler:
    """NOVA_REF_PROFILE=FILE: a statistical CPU profile of the whole process.

    Every 5 ms of CPU time (ITIMER_PROF) the signal handler records the
    running frame's stack, whichever greenlet it belongs to; at shutdown
    FILE gets, per function, the share of samples it was on the stack
    (inclusive) and at the top (self). Off unless the variable is set.
    """

    def __init__(self, path):
        import collections
        self.path, self.samples = path, 0
        self.incl, self.self_ = collections.Counter(), collections.Counter()
        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, 0.005, 0.005)

    @staticmethod
    def _name(code):
        return '%s:%s %s' % (code.co_filename.replace('/usr/lib/python3/dist-packages/', ''),
                             code.co_firstlineno, code.co_name)

    def _sample(self, signum, frame):
        self.samples += 1
        seen = set()
        top = True
        while frame is not None:
            name = self._name(frame.f_code)
            if top:
                self.self_[name] += 1
                top = False
            if name not in seen:
                seen.add(name)
                self.incl[name] += 1
            frame = frame.f_back

    def write(self):
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        n = max(self.samples, 1)
        with open(self.path, 'w') as f:
            f.write('%d samples of 5 ms CPU\n\ninclusive:\n' % self.samples)
            for name, c in self.incl.most_common(150):
                f.write('%6.1f%%  %s\n' % (100.0 * c / n, name))
            f.write('\nself:\n')
            for name, c in self.self_.most_common(80):
                f.write('%6.1f%%  %s\n' % (100.0 * c / n, name))


def parse_args(argv):
    p = argparse.ArgumentParser(
        description='Run a real Nova (fake virt driver) on 127.0.0.1.')
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--state-dir', required=True)
    p.add_argument('--auth', choices=('noauth2', 'keystone'),
                   default='noauth2')
    p.add_argument('--keystone-port', type=int, default=5000)
    p.add_argument('--service-user', default='nova')
    p.add_argument('--reclaim-interval', type=int, default=60)
    p.add_argument('--profile', choices=('reference', 'defaults'),
                   default='reference')
    p.add_argument('--names-seed', default='')
    p.add_argument('--debug', action='store_true')
    return p.parse_args(argv)


def main(argv=None):
    global CLOUD
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    os.makedirs(os.path.join(opts.state_dir, 'locks'), exist_ok=True)
    log_path = os.path.join(opts.state_dir, 'nova.log')
    # The test fixtures create temporary directories (HOME, lock path,
    # nested tempfiles): keep them inside the state directory.
    tmp_dir = os.path.join(opts.state_dir, 'tmp')
    shutil.rmtree(tmp_dir, ignore_errors=True)
    os.makedirs(tmp_dir)
    os.environ['TMPDIR'] = tmp_dir
    tempfile.tempdir = tmp_dir

    global COMPUTE_HOSTS
    if opts.profile == 'defaults':
        COMPUTE_HOSTS = ('compute1',)
    opts.names = Names(opts.names_seed or None)
    import json
    with open(os.path.join(opts.state_dir, 'cloud.json'), 'w') as f:
        json.dump(dict(opts.names.as_dict(opts.profile == 'reference'),
                       profile=opts.profile,
                       compute_hosts=list(COMPUTE_HOSTS),
                       preallocated_floating_ips=(
                           FLOATING_IP_PREALLOCATED
                           if opts.profile == 'reference' else 0)),
                  f, indent=1)
        f.write('\n')
    ReferenceNova.options = opts
    cloud = ReferenceNova('runTest')
    started = time.monotonic()
    try:
        cloud.setUp()
    except BaseException as e:
        # Until setUp() ends the logs are in the in-memory capture of
        # Nova's StandardLogging fixture: save them before dying.
        _move_logs_to_file(cloud, log_path, opts.debug)
        LOG.error('reference nova: start-up failed: %r', e, exc_info=True)
        print('reference nova: start-up failed: %s: %s (see %s)'
              % (type(e).__name__, e, log_path), file=sys.stderr, flush=True)
        os._exit(1)
    _move_logs_to_file(cloud, log_path, opts.debug)
    CLOUD = cloud
    LOG.info('reference nova ready on http://127.0.0.1:%d/v2.1 '
             '(auth %s) after %.1f s', opts.port, opts.auth,
             time.monotonic() - started)
    sampler = (_Sampler(os.environ['NOVA_REF_PROFILE'])
               if os.environ.get('NOVA_REF_PROFILE') else None)
    print('reference nova: serving http://127.0.0.1:%d/v2.1 (pid %d)'
          % (opts.port, os.getpid()), flush=True)

    if EVENTLET:
        stop_event = eventlet.event.Event()

        def on_signal(signum, frame):
            hub = eventlet.hubs.get_hub()
            hub.schedule_call_global(
                0, lambda: stop_event.ready() or stop_event.send(signum))

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        signum = stop_event.wait()
    else:
        received = []
        signal.signal(signal.SIGTERM, lambda n, f: received.append(n))
        signal.signal(signal.SIGINT, lambda n, f: received.append(n))
        while not received:
            time.sleep(0.5)   # the main thread only waits for a signal
        signum = received[0]
    LOG.info('reference nova: signal %d, shutting down', signum)
    if sampler is not None:
        sampler.write()
    try:
        cloud.api_service.stop()
    except Exception:
        LOG.exception('stopping the API server failed')
    for host, svc in list(cloud.computes.items()):
        try:
            if getattr(svc, '_reference_running', True):
                svc.stop()
        except Exception:
            LOG.exception('stopping nova-compute on %s failed', host)
    shutil.rmtree(tmp_dir, ignore_errors=True)
    LOG.info('reference nova: stopped')
    logging.shutdown()
    # Everything lives in memory; the fixtures' remaining clean-ups
    # would only tear down in-memory state.
    os._exit(0)


if __name__ == '__main__':
    main()
