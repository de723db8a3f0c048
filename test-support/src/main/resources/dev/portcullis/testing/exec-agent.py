# Runs commands inside a test container for the JVM, one request at a time, so that a command
# costs a fork and an exec there instead of a whole `docker exec` (the docker CLI's start, the
# daemon's exec call, runc entering the namespaces: about 0.2 s of CPU each, measured).
#
# Protocol: one JSON request per line on stdin, one JSON reply per line on stdout.
#   request: {"argv": [...], "env": {...}, "stdin": base64 or null, "timeout": seconds,
#             "killAfter": seconds, "limit": bytes of stdout plus stderr kept}
#   reply:   {"exit": n, "stdout": base64, "stderr": base64, "timedOut": bool, "over": bool}
#            or {"error": "not-found" | "cannot-execute", "message": "..."} when argv[0] cannot start
# argv runs as given, never through a shell, with the agent's environment (that of `docker exec`)
# plus "env", in its own session: on a timeout its whole process group gets SIGTERM, then SIGKILL
# after killAfter seconds, as coreutils timeout does for `docker exec`. A process killed by a
# signal exits 128 + the signal's number, as `docker exec` reports it.
import base64, json, os, signal, subprocess, sys, threading

out = sys.stdout.buffer


def reply(obj):
    out.write(json.dumps(obj).encode() + b"\n")
    out.flush()


def kill_group(proc, sig):
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


def drain(fd, chunks, state, proc):
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        with state["lock"]:
            state["kept"] += len(chunk)
            if state["kept"] > state["limit"]:
                if not state["over"]:
                    state["over"] = True
                    kill_group(proc, signal.SIGKILL)
                continue
        chunks.append(chunk)


def feed(pipe, data):
    try:
        if data:
            pipe.write(data)
    except BrokenPipeError:
        pass
    finally:
        try:
            pipe.close()
        except BrokenPipeError:
            pass


def run(req):
    env = dict(os.environ)
    env.update(req.get("env") or {})
    data = base64.b64decode(req["stdin"]) if req.get("stdin") is not None else None
    try:
        proc = subprocess.Popen(req["argv"], env=env, start_new_session=True,
                                stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError as e:
        return {"error": "not-found", "message": str(e)}
    except (PermissionError, OSError) as e:
        return {"error": "cannot-execute", "message": str(e)}
    state = {"lock": threading.Lock(), "kept": 0, "limit": int(req.get("limit", 32 << 20)), "over": False}
    stdout, stderr = [], []
    threads = [threading.Thread(target=drain, args=(proc.stdout.fileno(), stdout, state, proc)),
               threading.Thread(target=drain, args=(proc.stderr.fileno(), stderr, state, proc))]
    if data is not None:
        threads.append(threading.Thread(target=feed, args=(proc.stdin, data)))
    for t in threads:
        t.start()
    timed_out = False
    try:
        proc.wait(timeout=float(req["timeout"]))
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=float(req.get("killAfter", 5)))
        except subprocess.TimeoutExpired:
            kill_group(proc, signal.SIGKILL)
            proc.wait()
    for t in threads:
        # A daemon the command left behind may hold its pipes open: do not wait for it forever.
        t.join(timeout=2)
    code = proc.returncode
    return {"exit": 128 - code if code < 0 else code,
            "stdout": base64.b64encode(b"".join(stdout)).decode(),
            "stderr": base64.b64encode(b"".join(stderr)).decode(),
            "timedOut": timed_out, "over": state["over"]}


for line in sys.stdin.buffer:
    if line.strip():
        reply(run(json.loads(line)))
