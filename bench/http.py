"""``python -m bench.http``: the blog through gunicorn, as ratios to yardsticks served beside it.

For each database kind and size it takes a cached generated site (``bench.sites``), serves, each
through gunicorn with the same settings (sync workers, as an outside measurement did), a static
WSGI page, a one-query Flask page and the blog with the page cache on and off (and, if asked,
with no kept parts either), and loads every
page with wrk in interleaved rounds. Per page it reports the medians over the rounds of
requests/s, p50 and p99 latency, worker CPU milliseconds per request (from /proc), the SQL
statements one request runs, the ratios to the static and the one-query page of the same round,
and then, per page, how the 100k site compares with the 1k one, and the workers' memory.
Only loopback addresses are used; every run is bounded in time.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

from bench import sites
from bench.measure import catalogue_path
from bench.http_apps import STATEMENTS_HEADER

ROOT = Path(__file__).resolve().parent.parent
HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|next)"[^>]*value="([^"]*)"')
RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
TOTAL = re.compile(r"(\d+) requests in")
PERCENTILE = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# (key, label, path maker). The keys are what --pages takes.
PAGES = [
    ("home", "homepage", lambda lm: "/"),
    ("review20", "review, 20 comments", lambda lm: f"/reviews/{lm.twenty_slug}"),
    ("review500", "review, 500 comments", lambda lm: f"/reviews/{lm.thread_slug}"),
    ("tag", "tag on half the reviews", lambda lm: f"/tags/{lm.popular_tag}"),
    ("person", "person, most films", lambda lm: f"/people/{lm.person_slug}"),
    ("archive", "archive year", lambda lm: f"/archive/{lm.archive_year}/"),
    ("search", "search", lambda lm: "/search?" + urllib.parse.urlencode({"q": lm.search_query})),
    ("tags", "tag cloud", lambda lm: "/tags/"),
    ("deep", "feed page 50", lambda lm: "/?page=50"),
    ("catalogue", "catalogue, filtered", catalogue_path),
]
SIGNED_IN = ("signedin", "review, 20 comments, signed in")
# The blog's settings per --cache value, on top of the environment.
CACHE_SETTINGS = {
    "on": {},
    "off": {"BLOG_PAGE_CACHE_SECONDS": "0"},
    "cold": {"BLOG_PAGE_CACHE_SECONDS": "0", "BLOG_FRAGMENT_CACHE": "false"},
}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.http", description=__doc__)
    parser.add_argument("--sizes", default="1000",
                        help="comma-separated review counts (default: 1000)")
    parser.add_argument("--size", dest="sizes", help=argparse.SUPPRESS)
    parser.add_argument("--db", default="sqlite",
                        help="comma-separated: sqlite, postgres (default: sqlite)")
    parser.add_argument("--postgres-url", default=None,
                        help="PostgreSQL server for --db postgres (default: "
                             "$BLOG_BENCH_POSTGRES_URL or postgresql://postgres@127.0.0.1:5432/); "
                             "the site is the database blog_bench_<size> on it")
    parser.add_argument("--pages", default="all",
                        help="comma-separated page keys, or all: " +
                             ", ".join(key for key, _, _ in PAGES) + ", " + SIGNED_IN[0])
    parser.add_argument("--cache", default="on,off",
                        help="comma-separated settings to measure (default: on,off): on (the "
                             "page cache), off (no page cache: pages built from kept parts), "
                             "cold (no page cache and no kept parts: each request costs what "
                             "the first after a write does; the caches of counts stay)")
    parser.add_argument("--seconds", type=float, default=5, help="wrk run length (default: 5)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default: 3)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--redis-url", default=None,
                        help="serve the blog with this REDIS_URL (under a key prefix of its own); "
                             "default: no Redis, each worker caches in its own memory")
    parser.add_argument("--fresh", action="store_true",
                        help="generate the sites again instead of reusing the cached ones")
    args = parser.parse_args(argv)
    args.sizes = sorted({int(size.replace("_", "").replace("k", "000"))
                         for size in args.sizes.split(",")})
    args.db = [kind.strip() for kind in args.db.split(",")]
    if not set(args.db) <= {"sqlite", "postgres"}:
        parser.error("--db takes sqlite, postgres or both")
    keys = {key for key, _, _ in PAGES} | {SIGNED_IN[0]}
    args.pages = keys if args.pages == "all" else set(args.pages.split(","))
    if not args.pages <= keys:
        parser.error(f"unknown pages: {', '.join(sorted(args.pages - keys))}")
    args.cache = [setting.strip() for setting in args.cache.split(",")]
    if not set(args.cache) <= set(CACHE_SETTINGS):
        parser.error("--cache takes on, off, cold or several of them")
    return args


class Server:
    """One gunicorn on a loopback port, in its own process group."""

    def __init__(self, name: str, app: str, port: int, env: dict, workers: int):
        self.name, self.url = name, f"http://127.0.0.1:{port}"
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(server_config()),
             "--workers", str(workers), "--worker-class", "sync",
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log,
            start_new_session=True)

    def failed(self, why: str) -> RuntimeError:
        self.log.seek(0)
        return RuntimeError(f"{self.name} {why}:\n" + self.log.read().decode()[-3000:])

    def wait(self, path: str = "/") -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise self.failed(f"exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(self.url + path, timeout=30).read()
                return
            except OSError:
                time.sleep(0.3)
        raise self.failed("did not start")

    def workers(self) -> list[int]:
        return child_pids(self.process.pid)

    def stop(self) -> None:
        with_group(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with_group(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def server_config() -> Path:
    """A gunicorn config file with gunicorn's defaults, and the repository's garbage-collector
    hook (``post_worker_init``: what a worker loaded is frozen out of the collector's passes).

    Without ``--config`` gunicorn reads ./gunicorn.conf.py, whose ``max_requests`` would recycle
    a worker every few seconds at these rates (losing its page cache and its CPU count) and
    whose access log costs CPU the yardsticks do not pay; every server here gets gunicorn's
    defaults and the same command-line settings instead.
    """
    path = Path(tempfile.gettempdir()) / "blog-bench-gunicorn.conf.py"
    path.write_text("# gunicorn's defaults (see bench/http.py), and the blog's GC hook.\n"
                    "import gc\n\n\n"
                    "def post_worker_init(worker):\n"
                    "    gc.freeze()\n")
    return path


def free_ports(start: int = 20_000):
    """Loopback ports nobody listens on (other benchmarks may share the machine), below the
    range the kernel hands out to outgoing connections."""
    port = start + os.getpid() % 5_000
    while True:
        port += 1
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        yield port


def with_group(pid: int, signum: int) -> None:
    """Send a signal to the process group led by ``pid``, if it still exists."""
    try:
        os.killpg(pid, signum)
    except ProcessLookupError:
        pass


def child_pids(pid: int) -> list[int]:
    """The children of a process, from /proc."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


def settle(limit: float = 10.0) -> None:
    """Wait, up to ``limit`` seconds, until the machine is nearly idle before the next run.

    When wrk stops, requests it had sent are still queued at the server it loaded, and the
    workers (and PostgreSQL) still answer them: at 100k a page built from nothing kept the
    machine busy for a second or more, inside the next page's timed run and its p99."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = busy_seconds()
        time.sleep(0.2)
        if busy_seconds() - before < 0.05:  # a quarter of one core, over those 0.2 s
            return


def busy_seconds() -> float:
    """CPU time the whole machine has spent not idle (``/proc/stat``), all cores together."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle, iowait
    return (sum(values[:8]) - idle) / CLOCK_TICKS


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time of these processes so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def sign_in(base: str, username: str) -> str:
    """Log in through the real form; the Cookie header a signed-in reader sends."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/auth/login", timeout=30).read().decode()
    fields = dict(HIDDEN.findall(page))
    body = urllib.parse.urlencode({**fields, "login": username,
                                   "password": sites.PASSWORD}).encode()
    opener.open(base + "/auth/login", body, timeout=30).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "session" not in cookie and "remember" not in cookie:
        raise RuntimeError("could not sign in the bench reader")
    return cookie


@dataclass
class Sample:
    rate: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float
    errors: int


def wrk(url: str, seconds: float, connections: int, pids: list[int],
        cookie: str | None = None) -> Sample:
    """One wrk run: requests/s, latency percentiles, worker CPU per request, bad answers.

    A page so slow that the run ends before two answers per connection came back (requests
    still in flight are not counted) is measured again for four times as long.
    """
    sample, total = wrk_once(url, seconds, connections, pids, cookie)
    if total < 2 * connections:
        sample, total = wrk_once(url, min(60.0, 4 * seconds), connections, pids, cookie)
    return sample


def wrk_once(url: str, seconds: float, connections: int, pids: list[int],
             cookie: str | None = None) -> tuple[Sample, int]:
    # wrk drops answers slower than its timeout (2 s by default) from every figure: wait longer.
    command = ["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
               "--timeout", "60s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    before = cpu_seconds(pids)
    output = subprocess.run(command, capture_output=True, text=True,
                            timeout=seconds + 120).stdout
    return parse_wrk(output, cpu_seconds(pids) - before)


def parse_wrk(output: str, used: float) -> tuple[Sample, int]:
    """A Sample from wrk's report, given the workers' CPU seconds during the run; and the
    number of answers counted."""
    rate = float(RATE.search(output).group(1)) if RATE.search(output) else 0.0
    total = int(TOTAL.search(output).group(1)) if TOTAL.search(output) else 0
    percentiles = {int(p): float(value) * UNIT_MS[unit]
                   for p, value, unit in PERCENTILE.findall(output)}
    errors = int(NON_2XX.search(output).group(1)) if NON_2XX.search(output) else 0
    return Sample(rate, percentiles.get(50, float("nan")), percentiles.get(99, float("nan")),
                  1000 * used / total if total else float("nan"), errors), total


def statements(url: str, cookie: str | None = None) -> int | None:
    """The SQL statements one request of this URL runs, as the counted blog reports them."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            value = response.headers.get(STATEMENTS_HEADER)
    except urllib.error.HTTPError as error:
        value = error.headers.get(STATEMENTS_HEADER)
    return int(value) if value is not None else None


@dataclass
class Target:
    key: str  # page key and setting, e.g. "home on"
    label: str
    url: str
    server: Server
    cookie: str | None = None
    samples: list[Sample] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)  # to the static page, per round
    floor_ratios: list[float] = field(default_factory=list)  # to the one-query page
    statements: int | None = None

    def median(self, name: str) -> float:
        values = [getattr(sample, name) for sample in self.samples]
        return statistics.median(values) if values else float("nan")


@dataclass
class Run:
    """One database kind at one size: its targets and the blog workers' memory."""
    kind: str
    size: int
    targets: list[Target]
    memory_mb: dict[str, float]
    comments: int
    built: str


def serve(kind: str, size: int, args, workdir: Path) -> Run:
    """Measure one site: start the servers, run the rounds, read memory, stop."""
    site = sites.site(kind, size, args.postgres_url, fresh=args.fresh)
    built = ("reused from the cache" if site.built_seconds is None
             else f"generated in {site.built_seconds:.0f} s")
    print(f"\n== {kind}, {size:,} reviews ({site.landmarks.comments:,} comments; site {built})",
          flush=True)
    env = {**os.environ, "DATABASE_URL": site.url, "SECRET_KEY": "bench-http",
           "BLOG_INSTANCE_PATH": str(workdir / "instance"),
           "BLOG_SITE_URL": "http://127.0.0.1", "BLOG_RATELIMIT_ENABLED": "false"}
    env.pop("REDIS_URL", None)
    if args.redis_url:  # keys of this run only: the Redis database may be shared
        env.update(REDIS_URL=args.redis_url, BLOG_CACHE_KEY_PREFIX=f"bench-{os.getpid()}-{size}-")
    port = free_ports()
    servers: dict[str, Server] = {}
    try:
        servers["static"] = Server("static", "bench.http_apps:static_app", next(port), env,
                                   args.workers)
        servers["one query"] = Server("one query", "bench.http_apps:make_one_query_app()",
                                      next(port), env, args.workers)
        for setting in args.cache:
            servers[setting] = Server(f"blog, cache {setting}",
                                      "bench.http_apps:counted_blog()", next(port),
                                      {**env, **CACHE_SETTINGS[setting]}, args.workers)
        for server in servers.values():
            server.wait()
        targets = [Target("static", "static page", servers["static"].url + "/",
                          servers["static"]),
                   Target("one query", "one-query Flask page", servers["one query"].url + "/",
                          servers["one query"])]
        for key, label, path in PAGES:
            if key in args.pages:
                for setting in args.cache:
                    targets.append(Target(f"{key} {setting}", f"{label}, cache {setting}",
                                          servers[setting].url + path(site.landmarks),
                                          servers[setting]))
        if SIGNED_IN[0] in args.pages:
            blog = servers[args.cache[0]]
            cookie = sign_in(blog.url, site.readers[0])
            targets.append(Target(SIGNED_IN[0], SIGNED_IN[1],
                                  blog.url + f"/reviews/{site.landmarks.twenty_slug}",
                                  blog, cookie))
        # Warm every worker up: requests sent together reach each worker, so that no timed
        # round holds a worker's first render of a page (the cold rows time that cost); one
        # more request counts the statements of a warm page.
        with ThreadPoolExecutor(max_workers=2 * args.workers) as pool:
            for target in targets[2:]:
                for _ in range(2):
                    list(pool.map(statements, [target.url] * (2 * args.workers),
                                  [target.cookie] * (2 * args.workers)))
                target.statements = statements(target.url, target.cookie)
        for number in range(1, args.rounds + 1):
            print(f"round {number} of {args.rounds}", flush=True)
            for target in targets:
                settle()
                target.samples.append(wrk(target.url, args.seconds, args.connections,
                                          target.server.workers(), target.cookie))
            static, floor = targets[0].samples[-1].rate, targets[1].samples[-1].rate
            for target in targets:
                target.ratios.append(target.samples[-1].rate / static if static else 0.0)
                target.floor_ratios.append(target.samples[-1].rate / floor if floor else 0.0)
        memory = {setting: max((rss_mb(pid) for pid in servers[setting].workers()),
                               default=float("nan")) for setting in args.cache}
    finally:
        for server in servers.values():
            server.stop()
    run = Run(kind, size, targets, memory, site.landmarks.comments, built)
    print_run(run, args)
    return run


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_run(run: Run, args) -> None:
    """One site's table, in Markdown."""
    print(f"\n### {run.kind}, {run.size:,} reviews, {run.comments:,} comments\n")
    print(f"gunicorn {args.workers} sync workers; wrk {args.connections} connections, "
          f"{args.seconds:g} s x {args.rounds} rounds; medians over the rounds; "
          f"ratios per round, then their median. The last column compares worker CPU per "
          f"request instead of throughput: less disturbed by other load on the machine.\n")
    print("| page | req/s | p50 ms | p99 ms | CPU ms/req | SQL/req | ÷ static | ÷ one-query "
          "| CPU: static ÷ page |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    static_cpu = run.targets[0].median("cpu_ms")
    for target in run.targets:
        errors = sum(sample.errors for sample in target.samples)
        label = target.label + (f" ({errors} non-2xx/3xx)" if errors else "")
        sql = "" if target.statements is None else str(target.statements)
        print(f"| {label} | {target.median('rate'):.1f} | {target.median('p50_ms'):.1f} | "
              f"{target.median('p99_ms'):.1f} | {target.median('cpu_ms'):.2f} | {sql} | "
              f"{median(target.ratios):.3f} | {median(target.floor_ratios):.3f} | "
              f"{static_cpu / target.median('cpu_ms'):.3f} |")
    memory = ", ".join(f"cache {setting}: {mb:.0f} MB" for setting, mb in
                       run.memory_mb.items())
    print(f"\nLargest blog worker RSS after the run: {memory}", flush=True)


def print_scaling(runs: list[Run]) -> None:
    """Per page: the largest size against the smallest, on each database kind."""
    kinds = sorted({run.kind for run in runs})
    for kind in kinds:
        sized = sorted((run for run in runs if run.kind == kind), key=lambda run: run.size)
        if len(sized) < 2:
            continue
        small, large = sized[0], sized[-1]
        print(f"\n### Scaling on {kind}: {large.size:,} ÷ {small.size:,} reviews\n")
        print("Time per request grows by (ratio to the static page at the small size ÷ at the "
              "large one; target ≤ 1.3), and p99 at the large size ÷ p99 at the small one.\n")
        print("| page | time ×  | p99 × | CPU ms/req × | SQL/req |")
        print("| --- | ---: | ---: | ---: | --- |")
        by_key = {target.key: target for target in large.targets}
        for target in small.targets[2:]:
            other = by_key.get(target.key)
            if other is None:
                continue
            time_growth = median(target.ratios) / median(other.ratios) \
                if median(other.ratios) else float("inf")
            p99 = other.median("p99_ms") / target.median("p99_ms")
            cpu = other.median("cpu_ms") / target.median("cpu_ms")
            flag = "" if time_growth <= 1.3 and p99 <= 1.3 else " (over 1.3)"
            print(f"| {target.label}{flag} | {time_growth:.2f} | {p99:.2f} | {cpu:.2f} | "
                  f"{target.statements} → {other.statements} |")
        memory = ", ".join(f"{mb:.0f} MB" for mb in large.memory_mb.values())
        print(f"\nWorker RSS at {large.size:,}: {memory} (target < 150 MB)")


def main(argv=None) -> int:
    args = parse_args(argv)
    if not shutil.which("wrk"):
        print("bench.http needs wrk (Debian package wrk)")
        return 1
    started = time.perf_counter()
    print("machine: " + machine(), flush=True)
    runs = []
    with tempfile.TemporaryDirectory(prefix="blog-http-") as tmp:
        for kind in args.db:
            if kind == "postgres" and not postgres_reachable(args.postgres_url):
                print("\n== postgres skipped: no server at "
                      f"{args.postgres_url or sites.default_postgres_url()}")
                continue
            for size in args.sizes:
                runs.append(serve(kind, size, args, Path(tmp)))
    if len(runs) > 1:
        print("\n## All runs")
        for run in runs:
            print_run(run, args)
    print_scaling(runs)
    print(f"\ntotal time {time.perf_counter() - started:.0f} s")
    return 0


def postgres_reachable(url: str | None) -> bool:
    import psycopg
    import sqlalchemy as sa

    parsed = sa.engine.make_url(url or sites.default_postgres_url())
    try:
        psycopg.connect(**sites.admin_params(parsed), connect_timeout=5).close()
        return True
    except psycopg.Error:
        return False


def machine() -> str:
    """Cores and CPU model, for the record."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}"


if __name__ == "__main__":
    sys.exit(main())
