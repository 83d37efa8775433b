#!/usr/bin/python3
"""Serve Debian's Keystone (python3-keystone) on 127.0.0.1 for the kit.

Started by `start --auth keystone` after keystone-manage has prepared the
sqlite database and the key repositories; stopped by `stop` (SIGTERM).
A small threading WSGI server from the standard library: requests from
the kit and from nova's auth_token middleware are served concurrently.
"""

import argparse
import logging
import os
import signal
import socketserver
import sys
import threading
from wsgiref import simple_server


class ThreadingWSGIServer(socketserver.ThreadingMixIn,
                          simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class Handler(simple_server.WSGIRequestHandler):
    def log_message(self, fmt, *args):
        # One line per request into keystone's own log file.
        logging.getLogger('keystone.access').info(
            '%s %s', self.address_string(), fmt % args)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--config-file', required=True)
    opts = p.parse_args()
    if not os.path.isfile(opts.config_file):
        sys.exit('keystone_server: no config file %s' % opts.config_file)
    # keystone's flask app reads its configuration files from here
    os.environ['OS_KEYSTONE_CONFIG_FILES'] = os.path.abspath(opts.config_file)
    os.environ.pop('OS_KEYSTONE_CONFIG_DIR', None)

    # keystone parses sys.argv with oslo.config: hide our own options
    sys.argv[1:] = []
    from keystone.server.wsgi import initialize_public_application
    app = initialize_public_application()

    server = simple_server.make_server(
        '127.0.0.1', opts.port, app,
        server_class=ThreadingWSGIServer, handler_class=Handler)

    def on_signal(signum, frame):
        # shutdown() blocks until serve_forever() returns: not from here
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print('keystone: serving http://127.0.0.1:%d/v3 (pid %d)'
          % (opts.port, os.getpid()), flush=True)
    server.serve_forever(poll_interval=0.5)
    server.server_close()
    print('keystone: stopped', flush=True)


if __name__ == '__main__':
    main()
