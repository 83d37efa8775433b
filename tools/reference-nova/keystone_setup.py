#!/usr/bin/python3
"""Create the kit's Keystone users, projects, roles and compute endpoint.

Runs once per `start --auth keystone`, against a freshly bootstrapped
Keystone (admin user, admin project, roles admin/member/reader exist).
Creates (test-only credentials, see README.md):

  project demo     user demo  (roles member, reader)  NOVA_REF_MEMBER_PASSWORD
  project demo     user reader (role reader only)     NOVA_REF_READER_PASSWORD
  project proj2    user alice (roles member, reader)  NOVA_REF_OTHER_PASSWORD
  project service  user nova  (roles admin, service)  NOVA_REF_SERVICE_PASSWORD
  service nova (type compute), endpoints public/internal/admin -> --nova URL

Standard library only. Prints what it did, never a password or a token.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request


class Keystone:
    def __init__(self, base):
        self.base = base.rstrip('/')
        self.token = None

    def call(self, method, path, body=None, expect=(200, 201, 204)):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data,
                                     method=method)
        req.add_header('Content-Type', 'application/json')
        req.add_header('Accept', 'application/json')
        if self.token:
            req.add_header('X-Auth-Token', self.token)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                raw = resp.read()
                status, headers = resp.status, resp.headers
        except urllib.error.HTTPError as e:
            raw, status, headers = e.read(), e.code, e.headers
        if status not in expect:
            raise SystemExit('keystone_setup: %s %s -> %d %s'
                             % (method, path, status, raw[:300]))
        return status, headers, (json.loads(raw) if raw else None)

    def login(self, user, password, project):
        body = {'auth': {
            'identity': {'methods': ['password'], 'password': {'user': {
                'name': user, 'domain': {'id': 'default'},
                'password': password}}},
            'scope': {'project': {'name': project,
                                  'domain': {'id': 'default'}}}}}
        _, headers, _ = self.call('POST', '/auth/tokens', body, expect=(201,))
        self.token = headers['X-Subject-Token']

    def find(self, collection, name):
        _, _, body = self.call('GET', '/%s?name=%s' % (collection, name))
        items = body[collection]
        return items[0]['id'] if items else None

    def ensure(self, collection, singular, name, extra=None):
        found = self.find(collection, name)
        if found:
            return found
        item = {'name': name}
        item.update(extra or {})
        _, _, body = self.call('POST', '/' + collection, {singular: item})
        print('created %s %s' % (singular, name))
        return body[singular]['id']


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--keystone', required=True, help='http://127.0.0.1:5000/v3')
    p.add_argument('--nova', required=True, help='http://127.0.0.1:8774/v2.1')
    opts = p.parse_args()
    env = os.environ
    try:
        admin_pw = env['NOVA_REF_ADMIN_PASSWORD']
        member_pw = env['NOVA_REF_MEMBER_PASSWORD']
        reader_pw = env['NOVA_REF_READER_PASSWORD']
        service_pw = env['NOVA_REF_SERVICE_PASSWORD']
        other_pw = env['NOVA_REF_OTHER_PASSWORD']
    except KeyError as e:
        sys.exit('keystone_setup: environment variable %s is not set' % e)

    ks = Keystone(opts.keystone)
    ks.login('admin', admin_pw, 'admin')
    domain = {'domain_id': 'default'}
    demo = ks.ensure('projects', 'project', 'demo', dict(domain))
    service = ks.ensure('projects', 'project', 'service', dict(domain))
    proj2 = ks.ensure('projects', 'project', 'proj2', dict(domain))
    roles = {name: ks.ensure('roles', 'role', name)
             for name in ('admin', 'member', 'reader', 'service')}
    demo_user = ks.ensure('users', 'user', 'demo', dict(
        domain, password=member_pw, default_project_id=demo))
    reader_user = ks.ensure('users', 'user', 'reader', dict(
        domain, password=reader_pw, default_project_id=demo))
    alice = ks.ensure('users', 'user', 'alice', dict(
        domain, password=other_pw, default_project_id=proj2))
    nova_user = ks.ensure('users', 'user', 'nova', dict(
        domain, password=service_pw, default_project_id=service))
    for project, user, role in ((demo, demo_user, 'member'),
                                (demo, demo_user, 'reader'),
                                (demo, reader_user, 'reader'),
                                (proj2, alice, 'member'),
                                (proj2, alice, 'reader'),
                                (service, nova_user, 'admin'),
                                (service, nova_user, 'service')):
        ks.call('PUT', '/projects/%s/users/%s/roles/%s'
                % (project, user, roles[role]))
    print('granted demo member+reader and reader reader on demo, '
          'alice member+reader on proj2, nova admin+service on service')

    compute = ks.find('services', 'nova')
    if not compute:
        _, _, body = ks.call('POST', '/services', {'service': {
            'name': 'nova', 'type': 'compute',
            'description': 'reference Nova (tools/reference-nova)'}})
        compute = body['service']['id']
        for interface in ('public', 'internal', 'admin'):
            ks.call('POST', '/endpoints', {'endpoint': {
                'service_id': compute, 'interface': interface,
                'region_id': 'RegionOne', 'url': opts.nova}})
        print('created compute service and endpoints for %s' % opts.nova)


if __name__ == '__main__':
    main()
