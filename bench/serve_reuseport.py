"""One office server process for bench/load_review_queue.py --processes N.

Waitress runs one process whose threads share Python's global interpreter lock, so at
about 20 ms of CPU per queue page one process tops out near 50 pages a second however many
threads it has. Several processes can share one port with SO_REUSEPORT (Linux), the kernel
spreading connections between them. Only the benchmark uses this; a deployment runs several
`saferpractice web` processes behind its reverse proxy instead.

    python bench/serve_reuseport.py PORT THREADS
"""

from __future__ import annotations

import socket
import sys


def main() -> int:
    port, threads = int(sys.argv[1]), int(sys.argv[2])
    from saferpractice.web import setup

    setup()
    from waitress import serve

    from saferpractice.web.wsgi import application

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(1024)
    serve(application, sockets=[sock], threads=threads, ident="saferpractice")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
