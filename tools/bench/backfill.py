#!/usr/bin/env python3
"""Backfill benchmark of issue 15, driven by tools/bench/backfill.sh (read its header first).

For each variant (a checkout with a built `adf` launcher, plus extra conf lines) and each window
count N: a fresh home, the sample (samples/ADFJsons) stretched to N daily windows from 2015-01-01
with concurrency 10, its input put into the local store as `adf quickstart` does, `adf deploy`
(untimed), then `adf run --until-idle` timed. While it runs, /proc is sampled every 50 ms:

* orchestrator CPU = utime + stime of the `adf run` JVM itself;
* engine CPU = the CPU of the whole tree (getrusage of reaped children, after it exits) minus the
  orchestrator's own: every child JVM it started and reaped, executors or one JVM per job;
* peak RSS: VmHWM of the orchestrator JVM, and the largest VmRSS seen of any descendant (a child
  JVM), plus the largest sum of all descendants' RSS at one sample.

The floor: N sequential bare `java Hello` starts with the flags a child JVM gets.
Output: one line per run, then a table of medians (Markdown).
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HZ = os.sysconf("SC_CLK_TCK")


def stretch(repo, dest, n):
    shutil.copytree(os.path.join(repo, "samples", "ADFJsons"), dest)
    pdir = os.path.join(dest, "Pipeline")
    for name in os.listdir(pdir):
        path = os.path.join(pdir, name)
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        props = doc["properties"]
        props["start"] = "2015-01-01T00:00:00Z"
        end = time.gmtime(time.mktime((2015, 1, 1, 0, 0, 0, 0, 0, 0)) - time.timezone + n * 86400)
        props["end"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", end)
        props["activities"][0]["policy"]["concurrency"] = 10
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2)


def descendants(pid):
    out, todo = [], [pid]
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    while todo:
        p = todo.pop()
        for c in children.get(p, []):
            out.append(c)
            todo.append(c)
    return out


def status_kib(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def own_cpu(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / HZ
    except (OSError, IndexError):
        return None


def run_once(variant, n, work):
    repo, extra_conf = variant["repo"], variant.get("conf", [])
    slug = "".join(c if c.isalnum() else "-" for c in variant["name"])
    home = os.path.join(work, f"home-{slug}-{n}")
    factory = os.path.join(work, f"factory-{n}")
    if not os.path.isdir(factory):
        stretch(repo, factory, n)
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(os.path.join(home, "storage"))
    shutil.copytree(os.path.join(repo, "samples", "data", "input"), os.path.join(home, "storage", "input"))
    # conf: a copy of the checkout's own, plus the variant's lines, given by -Dadf.conf
    conf = os.path.join(work, f"conf-{slug}")
    if not os.path.isdir(conf):
        shutil.copytree(os.path.join(repo, "conf"), conf)
        with open(os.path.join(conf, "orchestrator.properties"), "a", encoding="utf-8") as f:
            f.write("\n" + "\n".join(extra_conf) + "\n")
    adf = os.path.join(repo, "adf")
    env = dict(os.environ, ADF_JAVA_OPTS=(variant.get("java", "") + " -Dadf.conf=" + conf).strip(), **variant.get("env", {}))
    subprocess.run([adf, "deploy", factory, "--config", os.path.join(conf, "environments", "local.json"),
                    "--home", home], check=True, stdout=subprocess.DEVNULL, env=env)
    ru0 = resource_children()
    t0 = time.monotonic()
    p = subprocess.Popen([adf, "run", "--until-idle", "--home", home], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, env=env)
    own, hwm, child_max, child_sum_max = 0.0, 0, 0, 0
    while p.poll() is None:
        c = own_cpu(p.pid)
        if c is not None:
            own = c
            hwm = max(hwm, status_kib(p.pid, "VmHWM"))
        kids = descendants(p.pid)
        rss = [status_kib(k, "VmRSS") for k in kids]
        if rss:
            child_max = max(child_max, max(rss))
            child_sum_max = max(child_sum_max, sum(rss))
        time.sleep(0.05)
    wall = time.monotonic() - t0
    out = p.stdout.read().decode("utf-8", "replace")
    total = resource_children() - ru0  # the adf run JVM and every child it reaped
    ready = f"Ready={n}" in out
    engine = max(0.0, total - own)
    return {"variant": variant["name"], "n": n, "wall": wall, "rate": n / wall, "own": own, "engine": engine,
            "cpu_ms": 1000 * (own + engine) / n, "own_ms": 1000 * own / n, "engine_ms": 1000 * engine / n,
            "hwm_mib": hwm / 1024, "child_mib": child_max / 1024, "children_mib": child_sum_max / 1024,
            "ok": ready, "last": out.strip().splitlines()[-1] if out.strip() else ""}


def resource_children():
    import resource
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def floor(n, work, base):
    src = os.path.join(work, "Hello.java")
    with open(src, "w") as f:
        f.write("public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }\n")
    subprocess.run(["javac", "-d", work, src], check=True)
    before = resource_children()
    t0 = time.monotonic()
    for _ in range(n):
        subprocess.run(["java", "-Xmx2048m", "-XX:ActiveProcessorCount=1", "-XX:+ExitOnOutOfMemoryError",
                        "-Xshare:auto", "-XX:+UseSerialGC", "-cp", work, "Hello"], check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    cpu = resource_children() - before
    return {"variant": "floor: sequential bare JVM starts", "n": n, "wall": wall, "rate": n / wall, "own": 0.0,
            "engine": cpu, "cpu_ms": 1000 * cpu / n, "own_ms": 0.0, "engine_ms": 1000 * cpu / n, "hwm_mib": 0,
            "child_mib": 0, "children_mib": 0, "ok": True, "last": ""}


def main():
    args = dict(a.split("=", 1) for a in sys.argv[1:])
    variants = json.loads(args["variants"])
    counts = [int(x) for x in args.get("windows", "100,1000").split(",")]
    reps = int(args.get("reps", "3"))
    work = tempfile.mkdtemp(prefix="adf-backfill-")
    rows = []
    state = {}
    # Untimed warm-up: one 10-window backfill per variant, so that the launcher's class-data archives
    # (./adf, one per command, written at a command's first use after a build) exist before the timing.
    for v in variants:
        run_once(v, 10, work)
    for rep in range(reps):
        order = variants[rep % len(variants):] + variants[:rep % len(variants)]
        for n in counts:
            for v in order:
                r = run_once(v, n, work)
                r["rep"] = rep + 1
                rows.append(r)
                print(f"rep {rep + 1} {r['variant']:<28} N={n:<5} wall {r['wall']:7.2f} s  {r['rate']:6.1f} windows/s"
                      f"  CPU/window {r['cpu_ms']:6.1f} ms (orchestrator {r['own_ms']:6.1f}, engine {r['engine_ms']:6.1f})"
                      f"  peak RSS orchestrator {r['hwm_mib']:5.0f} MiB, child {r['child_mib']:5.0f} MiB,"
                      f" children {r['children_mib']:5.0f} MiB  {'ok' if r['ok'] else 'FAILED: ' + r['last']}",
                      flush=True)
            if rep == 0:
                f = floor(n, work, state)
                f["rep"] = 1
                rows.append(f)
                print(f"rep 1 {f['variant']:<28} N={n:<5} wall {f['wall']:7.2f} s  {f['rate']:6.1f} JVMs/s"
                      f"  CPU/JVM {f['cpu_ms']:6.1f} ms", flush=True)
    print()
    print("| variant | windows | wall s | windows/s | CPU ms/window | orchestrator ms | engine ms |"
          " peak RSS orchestrator MiB | largest child MiB | all children MiB | runs |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    names = [v["name"] for v in variants] + ["floor: sequential bare JVM starts"]
    for name in names:
        for n in counts:
            rs = [r for r in rows if r["variant"] == name and r["n"] == n]
            if not rs:
                continue
            med = lambda k: statistics.median(r[k] for r in rs)
            print(f"| {name} | {n:,} | {med('wall'):.2f} | {med('rate'):.1f} | {med('cpu_ms'):.1f} | {med('own_ms'):.1f} |"
                  f" {med('engine_ms'):.1f} | {med('hwm_mib'):.0f} | {med('child_mib'):.0f} | {med('children_mib'):.0f} |"
                  f" {len(rs)}{'' if all(r['ok'] for r in rs) else ' (FAILED runs)'} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
