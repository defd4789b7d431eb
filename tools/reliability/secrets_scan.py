"""The secrets scan (see secrets-scan.sh). Standard library only."""
import base64
import html
import json
import os
import re
import secrets as rnd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(sys.argv[1])
WORK = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="adf-secrets-scan-"))
HOME = WORK / "home"          # the orchestrator's home (--home)
ENGINE = WORK / "engine-home"  # adf engine serve's home: the Livy side
OUT = WORK / "printed"        # what every command printed, and every page fetched
FACTORY = WORK / "factory"
INPUTS = WORK / "inputs"      # the config and the password file: where the secrets are meant to be
ADF = str(ROOT / "adf")
LINK = re.compile(r'(?:href|hx-get|src|action)="([^"]*)"')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def b64(n):
    return base64.b64encode(rnd.token_bytes(n)).decode()


# The known secrets: an Azure account key (64 bytes in base64, as Azure's), SAS signatures (32 bytes in
# base64, URL-encoded in the token as Azure does), passwords.
ACCOUNT_KEY_ENV = b64(64)       # StorageLinkedService and the launcher argument, through ${env:…}
ACCOUNT_KEY_LITERAL = b64(64)   # CopyStorage, written in the definition file
ARGUMENT_KEY_LITERAL = b64(64)  # a second launcher argument, written in the config
SAS_SIG = b64(32)               # the SAS of the broken sink's connection string (the failing attempts)
SAS_URI_SIG = b64(32)           # an AzureStorageSas linked service's sasUri
LIVY_PASSWORD = "Pw-" + rnd.token_hex(12) + "!"  # the HDInsight password = adf engine serve's
SECRETS = {
    ACCOUNT_KEY_ENV: "storage account key (from ${env:ADF_SCAN_ACCOUNT_KEY})",
    ACCOUNT_KEY_LITERAL: "storage account key (literal in CopyStorage.json)",
    ARGUMENT_KEY_LITERAL: "storage account key (literal launcher argument in the config)",
    SAS_SIG: "SAS signature (broken sink's connection string)",
    SAS_URI_SIG: "SAS signature (AzureStorageSas sasUri)",
    LIVY_PASSWORD: "HDInsight / adf engine serve password",
}


def sas(sig):
    return ("sv=2019-12-12&ss=b&srt=sco&sp=rwdlac&se=2030-01-01T00:00:00Z&st=2015-01-01T00:00:00Z&spr=https,http&sig="
            + urllib.parse.quote(sig, safe=""))


def forms():
    """Every form a secret could be written in, to the description of what it is."""
    out = {}
    for v, name in SECRETS.items():
        variants = [
            (v, ""),
            (urllib.parse.quote(v, safe=""), " (URL-encoded)"),
            (urllib.parse.quote_plus(v), " (form-encoded)"),
            (base64.b64encode(v.encode()).decode(), " (base64)"),
            (json.dumps(v)[1:-1], " (JSON-escaped)"),
            (html.escape(v), " (HTML-escaped)"),
            (v[:16], " (its first 16 characters)"),
            (v[-16:], " (its last 16 characters)"),
        ]
        for f, suffix in variants:  # a form equal to an earlier one keeps the earlier name
            out.setdefault(f, name + suffix)
    return out


def write_json(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2))


def prepare(livy_port):
    shutil.copytree(ROOT / "samples/ADFJsons", FACTORY)
    for sub in ("LinkedServices", "Datasets", "Pipeline"):
        for f in (ROOT / "samples/CopyBlobs/ADFJsons" / sub).iterdir():
            shutil.copy(f, FACTORY / sub / f.name)
    copy_storage = json.loads((FACTORY / "LinkedServices/CopyStorage.json").read_text())
    copy_storage["properties"]["typeProperties"]["connectionString"] = (
        "UseLocalStore=true;AccountName=devacct;AccountKey=" + ACCOUNT_KEY_LITERAL)
    write_json(FACTORY / "LinkedServices/CopyStorage.json", copy_storage)
    # A sink no one listens on, reached with a SAS: every attempt writing to it fails.
    write_json(FACTORY / "LinkedServices/BrokenSasStorage.json", {"name": "BrokenSasStorage", "properties": {
        "type": "AzureStorage", "typeProperties": {"connectionString":
            "BlobEndpoint=http://127.0.0.1:9/devacct;SharedAccessSignature=" + sas(SAS_SIG)}}})
    write_json(FACTORY / "LinkedServices/SasStorage.json", {"name": "SasStorage", "properties": {
        "type": "AzureStorageSas", "typeProperties": {"sasUri":
            "https://devacct.blob.core.windows.net/curated?" + sas(SAS_URI_SIG)}}})
    daily = json.loads((FACTORY / "Datasets/DailyEvents.json").read_text())
    daily["name"] = "BrokenDaily"
    daily["properties"]["linkedServiceName"] = "BrokenSasStorage"
    write_json(FACTORY / "Datasets/BrokenDaily.json", daily)
    pipe = json.loads((FACTORY / "Pipeline/CopyHourlyEvents.json").read_text())
    pipe["name"] = "CopyToBroken"
    act = pipe["properties"]["activities"][0]
    act["name"] = "CopyToBrokenSink"
    act["outputs"] = [{"name": "BrokenDaily"}]
    act["policy"]["retry"] = 1
    pipe["properties"]["end"] = "2015-01-01T02:00:00Z"
    write_json(FACTORY / "Pipeline/CopyToBroken.json", pipe)

    config = json.loads((ROOT / "conf/environments/local.json").read_text())
    config["StorageLinkedService"][0]["value"] = ("UseLocalStore=true;AccountName=devacct;AccountKey="
                                                  "${env:ADF_SCAN_ACCOUNT_KEY}")
    for e in config["HDInsightLinkedService"]:
        if e["name"].endswith("clusterUri"):
            e["value"] = "http://127.0.0.1:%d" % livy_port
        if e["name"].endswith("password"):
            e["value"] = LIVY_PASSWORD
    for e in config["SparkSubmit"]:
        if e["name"].endswith("arguments[19]"):
            e["value"] = "UseLocalStore=true;AccountName=devacct;AccountKey=${env:ADF_SCAN_ACCOUNT_KEY}"
    # The sample's --jars argument (index 3) carries the literal key too: a second connection string.
    config["SparkSubmit"].append({"name": "$.properties.activities[0].typeProperties.arguments[3]",
                                  "value": "wasb://libs@devacct/x.jar;AccountKey=" + ARGUMENT_KEY_LITERAL})
    INPUTS.mkdir(parents=True)
    write_json(INPUTS / "config.json", config)
    (INPUTS / "livy-password").write_text(LIVY_PASSWORD + "\n")
    os.chmod(INPUTS / "livy-password", 0o600)
    # Data: the Spark sample's input and the Copy sample's raw events, into the local store.
    for src in (ROOT / "samples/data", ROOT / "samples/CopyBlobs/data"):
        for container in src.iterdir():
            shutil.copytree(container, HOME / "storage" / container.name, dirs_exist_ok=True)


ENV = dict(os.environ, ADF_SCAN_ACCOUNT_KEY=ACCOUNT_KEY_ENV, ADF_ENGINE_PASSWORD="")
ENV.pop("ADF_ENGINE_PASSWORD")
STEPS = []
CLIENT_ERRORS = []


def adf(name, *args, expect=(0,), home=HOME):
    """Runs one adf command, keeping what it printed."""
    cmd = [ADF, *args] + ([] if args[0] == "validate" else ["--home", str(home)])
    t = time.time()
    p = subprocess.run(cmd, env=ENV, capture_output=True, timeout=600)
    (OUT / (name + ".stdout")).write_bytes(p.stdout)
    (OUT / (name + ".stderr")).write_bytes(p.stderr)
    STEPS.append((name, " ".join(["adf", *args]), p.returncode, round(time.time() - t, 1)))
    if p.returncode not in expect:
        print("step %s: exit %d (expected %s)\n%s\n%s" % (name, p.returncode, expect, p.stdout.decode()[-2000:],
                                                          p.stderr.decode()[-2000:]), file=sys.stderr)
        sys.exit(2)
    return p.stdout.decode()


def background(name, *args, home):
    out = open(OUT / (name + ".stdout"), "wb")
    err = open(OUT / (name + ".stderr"), "wb")
    return subprocess.Popen([ADF, *args, "--home", str(home)], env=ENV, stdout=out, stderr=err)


def await_port(port, proc, what):
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            print("%s ended with exit %d" % (what, proc.returncode), file=sys.stderr)
            sys.exit(2)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.5)
    print("%s did not listen on %d within 120 s" % (what, port), file=sys.stderr)
    sys.exit(2)


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def crawl(port, windows, max_urls=400):
    base = "http://127.0.0.1:%d" % port
    q = urllib.parse.quote
    queue = ["/", "/windows", "/diagram", "/audit", "/definitions", "/api/windows", "/api/csrf",
             "/windows?status=Failed", "/windows?view=recent"]
    for w in windows:
        s = "?pipeline=%s&activity=%s&window=%s" % (q(w["pipeline"]), q(w["activity"]), q(w["windowStart"]))
        queue += ["/api/runs" + s, "/api/why" + s]
    for kind, names in (("LinkedService", ["StorageLinkedService", "HDInsightLinkedService", "CopyStorage",
                                           "BrokenSasStorage", "SasStorage"]),
                        ("Dataset", ["input", "output", "RawEvents", "DailyEvents", "BrokenDaily"]),
                        ("Pipeline", ["SparkSubmit", "CopyHourlyEvents", "CopyToBroken"])):
        for n in names:
            queue += ["/definitions/%s/%s" % (kind, q(n)), "/definitions/%s/%s?version=1" % (kind, q(n))]
    seen, statuses = [], {}
    web = OUT / "web"
    web.mkdir()
    while queue and len(seen) < max_urls:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.append(path)
        try:
            with urllib.request.urlopen(base + path, timeout=30) as r:
                status, headers, body = r.status, str(r.headers), r.read()
        except urllib.error.HTTPError as e:
            status, headers, body = e.code, str(e.headers), e.read()
        statuses[status] = statuses.get(status, 0) + 1
        if status >= 400:
            CLIENT_ERRORS.append("%d %s" % (status, path))
        (web / ("%03d.txt" % len(seen))).write_bytes(("GET %s -> %d\n%s\n" % (path, status, headers)).encode() + body)
        for m in LINK.finditer(body.decode("utf-8", "replace")):
            link = html.unescape(m.group(1))
            if link.startswith(base):
                link = link[len(base):]
            if link.startswith("/") and not link.startswith("//"):
                link = link.split("#")[0]
                if link not in seen:
                    queue.append(link)
    return seen, statuses


def scan(roots):
    patterns = forms()
    leaks, files, size = [], 0, 0
    for root in roots:
        for dirpath, _, names in os.walk(root):
            for n in names:
                p = Path(dirpath) / n
                if not p.is_file() or p.is_symlink():
                    continue
                data = p.read_bytes()
                files += 1
                size += len(data)
                text = data.decode("latin-1")
                utf16 = None
                for f, what in patterns.items():
                    if f in text:
                        leaks.append("%s: %s" % (p.relative_to(WORK), what))
                # Also UTF-16 (a JVM or database writing wide strings).
                for v, what in SECRETS.items():
                    for enc in ("utf-16-le", "utf-16-be"):
                        if v.encode(enc) in data:
                            leaks.append("%s: %s (%s)" % (p.relative_to(WORK), what, enc))
    return leaks, files, size


def main():
    for d in (HOME, ENGINE, OUT):
        d.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    livy_port, ui_port = free_port(), free_port()
    prepare(livy_port)
    cfg = str(INPUTS / "config.json")
    t0 = time.time()

    engine = background("engine-serve", "engine", "serve", "--port", str(livy_port), "--user", "admin",
                        "--password-file", str(INPUTS / "livy-password"), home=ENGINE)
    await_port(livy_port, engine, "adf engine serve")
    try:
        adf("validate", "validate", str(FACTORY), "--config", cfg)
        adf("plan-first", "deploy", "--plan", str(FACTORY), "--config", cfg)
        adf("deploy", "deploy", str(FACTORY), "--config", cfg)
        plan = adf("plan-unchanged", "deploy", "--plan", str(FACTORY), "--config", cfg)
        if "would change nothing" not in plan:
            print("an unchanged deploy's plan shows changes:\n" + plan, file=sys.stderr)
            sys.exit(2)
        adf("run", "run", "--until-idle", "--progress", "plain", "--progress-interval", "1", expect=(0, 1))
        windows = json.loads(adf("windows-json", "windows", "--format", "json"))
        adf("windows", "windows")
        adf("windows-failed", "windows", "--status", "Failed")
        failed = [w for w in windows if w["status"] == "Failed"]
        ready = [w for w in windows if w["status"] == "Ready"]
        if not failed or not ready:
            print("expected Ready and Failed windows, got %s" % sorted({w["status"] for w in windows}), file=sys.stderr)
            sys.exit(2)
        for i, w in enumerate(windows):
            sel = ["--pipeline", w["pipeline"], "--activity", w["activity"], "--window", w["windowStart"]]
            adf("runs-%02d" % i, "runs", *sel)
            adf("runs-json-%02d" % i, "runs", *sel, "--format", "json")
            adf("why-%02d" % i, "why", *sel)
        spark = next(w for w in windows if w["pipeline"] == "SparkSubmit")
        sel = ["--pipeline", "SparkSubmit", "--activity", spark["activity"], "--window", spark["windowStart"]]
        adf("rerun", "rerun", *sel)
        adf("rerun-failed", "rerun", "--pipeline", "CopyToBroken", "--activity", "CopyToBrokenSink",
            "--from", "2015-01-01T00:00:00Z", "--to", "2015-01-01T02:00:00Z")
        adf("run-again", "run", "--until-idle", "--progress", "plain", "--progress-interval", "1", expect=(0, 1))
        adf("runs-after-rerun", "runs", *sel)
        adf("pause", "pause", "CopyToBroken")
        adf("resume", "resume", "CopyToBroken")
        windows = json.loads(adf("windows-json-final", "windows", "--format", "json"))
        ui = background("ui", "ui", "--port", str(ui_port), home=HOME)
        await_port(ui_port, ui, "adf ui")
        try:
            seen, statuses = crawl(ui_port, windows)
        finally:
            stop(ui)
    finally:
        stop(engine)
    elapsed = time.time() - t0

    leaks, files, size = scan([HOME, ENGINE, OUT])
    # The control: the scanner finds the literal secrets where they are meant to be (the definitions and
    # the config it was given), so finding none elsewhere means something.
    control, _, _ = scan([INPUTS, FACTORY])
    literal = {n for v, n in SECRETS.items() if v != ACCOUNT_KEY_ENV}
    seen_in_inputs = {n for n in literal if any(": " + n in c for c in control)}
    if seen_in_inputs != literal:
        print("the scanner missed secrets in its inputs: %s" % sorted(literal - seen_in_inputs), file=sys.stderr)
        sys.exit(2)
    attempts = sum(len(json.loads((OUT / f).read_text() or "[]")) for f in os.listdir(OUT) if f.startswith("runs-json-")
                   and f.endswith(".stdout"))
    print("Secrets scan: %d secrets in %d forms each; load average before %.2f %.2f %.2f" % (
        len(SECRETS), 8, *load))
    print("Work folder: %s" % WORK)
    print("Steps (%.0f s):" % elapsed)
    for name, cmd, rc, secs in STEPS:
        print("  exit %d  %5.1f s  %s" % (rc, secs, cmd))
    print("Windows: %d (%s); attempts listed: %d" % (len(windows), ", ".join(
        "%s %d" % (s, sum(1 for w in windows if w["status"] == s)) for s in sorted({w["status"] for w in windows})),
        attempts))
    print("Web: %d URLs fetched (%s)" % (len(seen), ", ".join("%d: %d" % kv for kv in sorted(statuses.items()))))
    for e in CLIENT_ERRORS:
        print("  " + e)
    print("Scanned: %d files, %d bytes (the home, the engine server's home, every command's stdout/stderr, every page)"
          % (files, size))
    print("Control: the scanner finds all %d literal secrets in the definitions and config it was given" % len(literal))
    if leaks:
        print("LEAKS (%d):" % len(leaks))
        for l in sorted(set(leaks)):
            print("  " + l)
        sys.exit(1)
    print("No secret found.")


if __name__ == "__main__":
    main()
