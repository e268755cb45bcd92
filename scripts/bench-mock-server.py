#!/usr/bin/env python3
"""Start-up and memory of the mock-server release binary.

- start-up: from spawning the process to the first answered request (GET get_user_info), median of runs;
- memory: peak resident set (VmHWM) after serving 10,000 sequential requests on one keep-alive connection.

Usage: scripts/bench-mock-server.py [runs]   (default 5; builds the binary first)
"""
import http.client
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "mock-server")
PATH = "/xerochat/api/get_user_info?api_key=1-demoadminkey&user_id=39"


def start():
    """Spawns the server on a free port; returns (process, port, seconds until the first answer)."""
    started = time.perf_counter()
    process = subprocess.Popen([BINARY, "--addr", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    port = int(line.rsplit(":", 1)[1])
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", PATH)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                return process, port, time.perf_counter() - started
        except OSError:
            time.sleep(0.001)


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "mock-server"], cwd=ROOT, check=True)
    startups = []
    for _ in range(runs):
        process, _, seconds = start()
        startups.append(seconds * 1000)
        process.terminate()
        process.wait()
    print(f"start-up to first answered request: median {statistics.median(startups):.1f} ms "
          f"(min {min(startups):.1f}, max {max(startups):.1f}, {runs} runs)")

    process, port, _ = start()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    baseline = peak_rss_kib(process.pid)
    began = time.perf_counter()
    for _ in range(10_000):
        connection.request("GET", PATH)
        response = connection.getresponse()
        response.read()
        assert response.status == 200
    elapsed = time.perf_counter() - began
    peak = peak_rss_kib(process.pid)
    print(f"peak RSS: {baseline / 1024:.1f} MiB after start-up, {peak / 1024:.1f} MiB after 10,000 sequential "
          f"requests ({elapsed:.1f} s)")
    process.terminate()
    process.wait()


if __name__ == "__main__":
    main()
