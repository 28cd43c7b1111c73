#!/usr/bin/env python3
"""Index benchmark on a whole Linux tree, through the real server.

Plants N files with one known KAPI spec each at different depths of the tree, starts
`kapi-lsp serve` on the tree as a workspace folder, and measures the time from `initialized`
to the end of the indexing progress, the server's peak resident memory, and how many specs it
found. It compares with `rg -l 'contexts:|context-flags:'` over the same tree (warm cache).

Usage: scripts/bench-index.py [TREE] [--binary target/release/kapi-lsp] [--planted 100]
TREE defaults to the extracted Debian linux-source-6.12 package
(`apt-get install linux-source-6.12`, extracted under /opt/linux); without it the script
says so and exits 0.
"""
import argparse, json, os, re, shutil, subprocess, sys, time

PLANT_DIR = "kapi-planted"

SPEC = """// SPDX-License-Identifier: GPL-2.0
/**
 * sys_planted{n} - A planted spec for the index benchmark
 * @fd: file descriptor
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *
 * error: EBADF, fd is not open
 */
SYSCALL_DEFINE1(planted{n}, unsigned int, fd)
{{
	return -EBADF;
}}
"""


def plant(tree, count):
    dirs = []
    for root, subdirs, _ in os.walk(tree):
        if ".git" in root or PLANT_DIR in root:
            continue
        dirs.append(root)
        if len(dirs) > 5000:
            break
    step = max(1, len(dirs) // count)
    planted = []
    for n in range(count):
        d = os.path.join(dirs[(n * step) % len(dirs)], PLANT_DIR)
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, f"planted{n}.c")
        with open(path, "w") as f:
            f.write(SPEC.format(n=n))
        planted.append(path)
    return planted


def unplant(tree):
    for root, subdirs, _ in os.walk(tree, topdown=True):
        if PLANT_DIR in subdirs:
            shutil.rmtree(os.path.join(root, PLANT_DIR))
            subdirs.remove(PLANT_DIR)


def send(proc, msg):
    body = json.dumps(msg).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def read(proc):
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("server exited")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(proc.stdout.read(length))


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def index_once(binary, tree):
    proc = subprocess.Popen([binary, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env={**os.environ, "KAPI_LSP_LOG": "warn"})
    uri = "file://" + os.path.abspath(tree)
    send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": None, "rootUri": uri, "workspaceFolders": [{"uri": uri, "name": "linux"}],
        "capabilities": {"window": {"workDoneProgress": True}}}})
    while read(proc).get("id") != 1:
        pass
    start = time.monotonic()
    send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    message = None
    while True:
        msg = read(proc)
        if msg.get("method") == "window/workDoneProgress/create":
            send(proc, {"jsonrpc": "2.0", "id": msg["id"], "result": None})
        elif msg.get("method") == "$/progress" and msg["params"]["value"]["kind"] == "end":
            message = msg["params"]["value"].get("message", "")
            break
    elapsed = time.monotonic() - start
    rss = peak_rss_mb(proc.pid)
    send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send(proc, {"jsonrpc": "2.0", "method": "exit"})
    proc.wait(timeout=30)
    specs = int(re.search(r"(\d+) specs", message).group(1))
    return elapsed, rss, specs, message


def rg_time(tree):
    best = float("inf")
    for _ in range(3):
        start = time.monotonic()
        subprocess.run(["rg", "-l", "contexts:|context-flags:", tree], stdout=subprocess.DEVNULL)
        best = min(best, time.monotonic() - start)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tree", nargs="?", default="/opt/linux/linux-source-6.12")
    ap.add_argument("--binary", default="target/release/kapi-lsp")
    ap.add_argument("--planted", type=int, default=100)
    args = ap.parse_args()
    if not os.path.isdir(args.tree):
        print(f"no kernel tree at {args.tree}: apt-get install linux-source-6.12 and extract it")
        return 0
    unplant(args.tree)
    plant(args.tree, args.planted)
    try:
        files = sum(1 for r, _, fs in os.walk(args.tree) for f in fs if f.endswith((".c", ".h")))
        rg = rg_time(args.tree)
        runs = [index_once(args.binary, args.tree) for _ in range(3)]
        best = min(runs, key=lambda r: r[0])
        print(f"tree: {args.tree} ({files} .c/.h files, {args.planted} planted specs)")
        print(f"rg -l 'contexts:|context-flags:': {rg:.2f} s (best of 3)")
        for elapsed, rss, specs, message in runs:
            print(f"kapi-lsp index: {elapsed:.2f} s, peak RSS {rss:.0f} MB, progress: {message}")
        print(f"ratio to rg: {best[0] / rg:.2f}x; specs found {best[2]} of {args.planted} planted")
        ok = best[2] >= args.planted and best[0] < 2 * rg and best[1] < 300
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        unplant(args.tree)


if __name__ == "__main__":
    sys.exit(main())
