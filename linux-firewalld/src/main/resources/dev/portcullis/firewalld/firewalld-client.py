# Portcullis's firewalld client: reads or changes one zone through firewalld's own D-Bus client
# (the firewall.client module that firewalld ships), in ONE process per configuration.
#
# Run as `python3 -c <this program>` with one JSON request on standard input; it prints one JSON
# reply on standard output. It never reloads firewalld and touches nothing the request does not
# name, except that a runtime change that needs a new ipset reloads firewalld keeping the runtime
# (see reload_keeping_runtime). Exit codes: 0 done; 1 firewalld refused an item (the reply's "errors" say which and why);
# 2 the request is malformed; 3 python3 cannot use firewalld's client (firewall.client missing).
#
# Requests (the Java side, FirewalldClient, writes them; FirewalldClientProgramTest checks this
# contract against a stand-in firewall.client):
#
#   {"operation": "read", "zone": "public" | null (the default zone),
#    "configurations": ["runtime", "permanent"],
#    "record": {"directory": "/run/portcullis/firewalld", "file": "smtp.rules"},   (optional)
#    "reloadCheck": true}   (optional: the runtime reply then says in "reloadRefusal" why a reload
#                            could not keep the runtime-only state, or null; the snapshot asks)
#   -> {"running": true, "zone": "public",
#       "runtime": {"settings": {"services": "ssh dhcpv6-client", ...}, "richRules": [...],
#                   "services": [every service the configuration knows]},
#       "permanent": {...the same...}, "record": [recorded rules] (when asked), "errors": []}
#   -> {"running": false, "errors": []} when firewalld does not answer on D-Bus.
#
#   {"operation": "change", "configuration": "runtime" | "permanent", "zone": "public",
#    "defineServices": [{"name": "portcullis-smtp_tcp_25", "ports": ["25/tcp"]}],   (permanent)
#    "removeRichRules": [...], "removeServices": [...], "addServices": [...], "addRichRules": [...],
#    "deleteServices": ["portcullis-smtp_tcp_26"],                                   (permanent)
#    "record": {"directory": "...", "file": "smtp.rules", "rules": [...]}}   (runtime, optional)
#   -> {"done": {"addRichRules": 12, ...}, "errors": [{"operation": "addRichRule",
#       "item": "rule ...", "error": "INVALID_RULE: ..."}]}
#
# ipsets (Portcullis's own, hash:net, one per family; a read lists those starting with the
# request's "ipsetPrefix" with their entries, in each configuration read):
#   change "setIPSets": [{"name": "portcullis-smtp_s1_4", "family": "inet", "entries": [...]}]
#     permanent: created with all entries, or its entries replaced, in one call each, before the
#     zone is written; runtime: a set with entries that firewalld's runtime does not know yet
#     (ipsets are permanent-only) arrives through one reload that keeps the runtime (refused before
#     reloading under panic mode, timed ipset entries, or runtime direct rules); then its entries
#     change member by member (set_runtime_entries), before the zone's rules.
#   change "deleteIPSets": ["portcullis-smtp_s1_4"] (permanent, after the zone is written)
#   -> "reloaded": true when a reload happened, with "kept": what was restored after it.
#
# A change is idempotent item by item, like firewall-cmd: adding what is there or removing what is
# not is skipped (ALREADY_ENABLED / NOT_ENABLED), so the inverse request undoes a change that
# stopped half-way. Every rich rule is parsed before anything changes, so a rule firewalld would
# refuse leaves the host untouched. The permanent zone is written with one update() call (the way
# firewall-cmd --permanent writes one value), so a thousand rules cost one zone-file write; the
# runtime has no call that takes many rules, so each is one D-Bus call in this one process.
import json
import os
import re
import sys

EXIT_REFUSED = 1
EXIT_BAD_REQUEST = 2
EXIT_NO_CLIENT = 3
TOLERATED = ("ALREADY_ENABLED", "NOT_ENABLED")
SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
LISTED = ("target", "icmp_block_inversion", "interfaces", "sources", "services", "ports", "protocols",
          "forward", "masquerade", "forward_ports", "source_ports", "icmp_blocks")


class BadRequest(Exception):
    pass


def reply_and_exit(reply, code):
    json.dump(reply, sys.stdout)
    sys.stdout.write("\n")
    sys.stdout.flush()
    sys.exit(code)


def words(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return " ".join("/".join(str(p) for p in v) if isinstance(v, (list, tuple)) else str(v) for v in value)
    return str(value)


def message(e):
    get = getattr(e, "get_dbus_message", None)
    text = get() if get else None
    return str(text if text else e).strip()


def tolerated(e):
    return message(e).startswith(TOLERATED)


def record_path(record, zone):
    if record is None:
        return None
    directory, name = record.get("directory"), record.get("file")
    if not isinstance(directory, str) or not directory.startswith("/") or not isinstance(name, str):
        raise BadRequest("record needs an absolute directory and a file name")
    for part in (zone, name):
        if not SAFE_NAME.match(part) or part.startswith("."):
            raise BadRequest("'%s' cannot be a path element of the record" % part)
    return os.path.join(directory, zone, name)


def read_record(path):
    try:
        with open(path, encoding="utf-8") as f:
            return sorted({line.strip() for line in f if line.strip()})
    except FileNotFoundError:
        return []


def write_record(path, rules):
    if not rules:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = path + ".new"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write("".join(r + "\n" for r in sorted(set(rules))))
    os.replace(temporary, path)


def listing(settings, services):
    return {"settings": {k.replace("_", "-"): words(settings.get(k, "")) for k in LISTED},
            "richRules": list(settings.get("rules_str", [])), "services": sorted(services)}


def read(fw, request):
    zone = request.get("zone") or fw.getDefaultZone()
    reply = {"running": True, "zone": zone, "errors": []}
    prefix = request.get("ipsetPrefix")
    for configuration in request.get("configurations", []):
        if configuration == "runtime":
            reply["runtime"] = listing(fw.getZoneSettings(zone).getSettingsDict(), fw.listServices())
            if prefix:
                reply["runtime"]["ipsets"] = runtime_ipsets(fw, prefix)
            if request.get("reloadCheck"):
                reply["runtime"]["reloadRefusal"] = reload_refusal(fw)
        elif configuration == "permanent":
            config = fw.config()
            reply["permanent"] = listing(config.getZoneByName(zone).getSettings().getSettingsDict(),
                                         config.getServiceNames())
            if prefix:
                reply["permanent"]["ipsets"] = permanent_ipsets(config, prefix)
        else:
            raise BadRequest("unknown configuration '%s'" % configuration)
    path = record_path(request.get("record"), zone)
    if path is not None:
        reply["record"] = read_record(path)
    return reply


def ipset_family(settings):
    return settings.getOptions().get("family", "inet")


def runtime_ipsets(fw, prefix):
    return {name: {"family": ipset_family(fw.getIPSetSettings(name)), "entries": sorted(fw.getEntries(name))}
            for name in fw.getIPSets() if name.startswith(prefix)}


def permanent_ipsets(config, prefix):
    out = {}
    for name in config.getIPSetNames():
        if name.startswith(prefix):
            settings = config.getIPSetByName(name).getSettings()
            out[name] = {"family": ipset_family(settings), "entries": sorted(settings.getEntries())}
    return out


def ipset_requests(request):
    sets = request.get("setIPSets", [])
    if not isinstance(sets, list):
        raise BadRequest("'setIPSets' must be a list")
    for s in sets:
        if not isinstance(s, dict) or not isinstance(s.get("name"), str) or s.get("family") not in ("inet", "inet6") \
                or not isinstance(s.get("entries"), list):
            raise BadRequest("each of 'setIPSets' needs a name, a family (inet or inet6) and a list of entries")
    return sets


class CannotKeep(Exception):
    pass


def reload_refusal(fw):
    """Why a reload could not keep the runtime (the text capture_runtime would refuse with), or None."""
    try:
        check_reload(fw)
        return None
    except CannotKeep as e:
        return str(e)


def check_reload(fw):
    """Refuses what a reload would lose beyond repair."""
    if fw.queryPanicMode():
        raise CannotKeep("panic mode is on")
    direct = len(fw.getAllChains()) + len(fw.getAllRules()) + len(fw.getAllPassthroughs())
    if direct:
        # Measured on firewalld 1.3.3 (LivedInFirewalldIT): with direct rules in use, a reload
        # flushes the iptables tables, so foreign iptables chains (Docker's, fail2ban's
        # iptables-multiport) are lost, and firewalld's client cannot put them back.
        raise CannotKeep("firewalld holds %d runtime direct chains, rules or passthroughs (fail2ban's"
                         " firewallcmd-ipset action, say), and with them a reload flushes the iptables tables,"
                         " losing foreign iptables chains such as Docker's and fail2ban's" % direct)
    foreign = iptables_lines()
    if foreign:
        # Measured on firewalld 1.3.3 (LivedInFirewalldIT order 4): even with no direct rule left, a reload
        # flushed the iptables tables, losing Docker's chains and fail2ban's iptables-multiport chain.
        raise CannotKeep("the host's iptables tables hold %d chains and rules (Docker's, fail2ban's iptables"
                         " actions, an administrator's), which a firewalld reload flushes" % foreign)
    for name in fw.getIPSets():
        if fw.getIPSetSettings(name).getOptions().get("timeout", "0") != "0" and fw.getEntries(name):
            raise CannotKeep("ipset '%s' has entries with a timeout, which a reload would lose" % name)


def capture_runtime(fw):
    """Everything of the runtime a reload would reset: every zone's and policy's runtime settings,
    the runtime entries of every ipset; refuses what a reload would lose beyond repair."""
    check_reload(fw)
    kept = {"zones": {z: fw.getZoneSettings(z) for z in fw.getZones()},
            "policies": {p: fw.getPolicySettings(p) for p in fw.getPolicies()},
            "ipsets": {}}
    for name in fw.getIPSets():
        kept["ipsets"][name] = sorted(fw.getEntries(name))
    return kept


def iptables_lines():
    """How many user chains and rules iptables-save and ip6tables-save print (0 where the tools are missing)."""
    import shutil
    import subprocess
    count = 0
    for tool in ("iptables-save", "ip6tables-save"):
        if shutil.which(tool):
            out = subprocess.run([tool], capture_output=True, text=True, check=False).stdout
            count += sum(1 for line in out.splitlines() if line.startswith("-A ") or
                         (line.startswith(":") and " - [" in line))
    return count


def restore_runtime(fw, kept):
    """Puts back what capture_runtime saw; returns how many items of each kind it restored."""
    restored = {"zones": 0, "policies": 0, "ipsets": 0}
    for z, settings in kept["zones"].items():
        if fw.getZoneSettings(z).getSettingsDict() != settings.getSettingsDict():
            fw.setZoneSettings(z, settings)
            restored["zones"] += 1
    for p, settings in kept["policies"].items():
        if fw.getPolicySettings(p).getSettingsDict() != settings.getSettingsDict():
            fw.setPolicySettings(p, settings)
            restored["policies"] += 1
    known = set(fw.getIPSets())
    for name, entries in kept["ipsets"].items():
        if name in known and sorted(fw.getEntries(name)) != entries:
            fw.setEntries(name, entries)
            restored["ipsets"] += 1
    for z, settings in kept["zones"].items():
        if fw.getZoneSettings(z).getSettingsDict() != settings.getSettingsDict():
            raise CannotKeep("zone '%s' differs from its runtime before the reload" % z)
    return restored


def reload_keeping_runtime(fw, change):
    """Reloads firewalld (the only way a new permanent ipset reaches the runtime) and puts back
    the runtime-only state the reload drops, in this one process; refuses before reloading when
    something could not be put back faithfully."""
    try:
        kept = capture_runtime(fw)
    except CannotKeep as e:
        change.errors.append({"operation": "reload", "item": "",
                              "error": "refusing to reload firewalld: %s (nothing was changed)" % e})
        return
    fw.reload()
    try:
        change.kept = restore_runtime(fw, kept)
    except Exception as e:
        change.errors.append({"operation": "restoreRuntime", "item": "", "error": message(e)})
    change.reloaded = True


def set_runtime_entries(fw, change, name, entries):
    """Gives a runtime set these entries. firewalld's setEntries flushes the set and refills it in
    chunks, so a packet from an address in both the old and the new content could meet a partial
    set: it is used only when the set is empty or is to become empty. Otherwise the entries that go
    are removed and the new ones added, one call each, and an entry in both is never touched."""
    live = set(fw.getEntries(name))
    wanted = set(entries)
    if live == wanted:
        return
    if not live or not wanted:
        change.item("setIPSets", "setEntries", name, lambda: fw.setEntries(name, sorted(wanted)))
        return
    for entry in sorted(live - wanted):
        change.item("removeEntries", "removeEntry", name + " " + entry, lambda: fw.removeEntry(name, entry))
        if change.errors:
            return
    for entry in sorted(wanted - live):
        change.item("addEntries", "addEntry", name + " " + entry, lambda: fw.addEntry(name, entry))
        if change.errors:
            return


def strings(request, key):
    value = request.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadRequest("'%s' must be a list of strings" % key)
    return value


class Change:
    """Applies one request's items in order, counting what was done and collecting refusals."""

    def __init__(self):
        self.done = {}
        self.errors = []
        self.reloaded = False
        self.kept = None

    def item(self, key, operation, item, call):
        try:
            call()
            self.done[key] = self.done.get(key, 0) + 1
        except Exception as e:  # firewalld's errors arrive as DBusException or FirewallError
            if not tolerated(e):
                self.errors.append({"operation": operation, "item": item, "error": message(e)})

    def reply(self):
        reply = {"done": self.done, "errors": self.errors}
        if self.reloaded:
            reply["reloaded"] = True
            reply["kept"] = self.kept
        return reply


def check_rules(change, rules):
    from firewall.core.rich import Rich_Rule
    for rule in rules:
        try:
            Rich_Rule(rule_str=rule)
        except Exception as e:
            change.errors.append({"operation": "parseRichRule", "item": rule, "error": message(e)})


def change_runtime(fw, request, change):
    zone = request["zone"]
    path = record_path(request.get("record"), zone)
    sets = ipset_requests(request)
    known = set(fw.getIPSets()) if sets else set()
    if any(s["entries"] and s["name"] not in known for s in sets):
        reload_keeping_runtime(fw, change)
        if change.errors:
            return
        known = set(fw.getIPSets())
    for s in sets:
        if s["name"] not in known:
            continue  # to hold nothing: a set the runtime does not know holds nothing already
        set_runtime_entries(fw, change, s["name"], s["entries"])
        if change.errors:
            return
    steps = [("removeRichRules", "removeRichRule", lambda r: fw.removeRichRule(zone, r)),
             ("removeServices", "removeService", lambda s: fw.removeService(zone, s)),
             ("addServices", "addService", lambda s: fw.addService(zone, s, 0)),
             ("addRichRules", "addRichRule", lambda r: fw.addRichRule(zone, r, 0))]
    for key, operation, call in steps:
        for item in strings(request, key):
            change.item(key, operation, item, lambda: call(item))
            if change.errors:
                return
    if path is not None:
        write_record(path, strings(request["record"], "rules"))


def change_permanent(fw, request, change):
    from firewall.client import FirewallClientIPSetSettings, FirewallClientServiceSettings
    config = fw.config()
    zone = config.getZoneByName(request["zone"])
    settings = zone.getSettings()
    edits = [("removeRichRules", "removeRichRule", settings.removeRichRule),
             ("removeServices", "removeService", settings.removeService),
             ("addServices", "addService", settings.addService),
             ("addRichRules", "addRichRule", settings.addRichRule)]
    for key, operation, call in edits:
        for item in strings(request, key):
            change.item(key, operation, item, lambda: call(item))
    if change.errors:
        return
    sets = ipset_requests(request)
    ipsets = set(config.getIPSetNames()) if sets or strings(request, "deleteIPSets") else set()
    for s in sets:
        if s["name"] in ipsets:
            ipset = config.getIPSetByName(s["name"])
            if sorted(ipset.getEntries()) != sorted(s["entries"]):
                change.item("setIPSets", "setEntries", s["name"], lambda: ipset.setEntries(s["entries"]))
        else:
            definition = FirewallClientIPSetSettings()
            definition.setType("hash:net")
            definition.setShort("Portcullis")
            definition.setDescription("owned by Portcullis: the sources of one rule, one family")
            definition.setOptions({"family": s["family"]})
            definition.setEntries(list(s["entries"]))
            change.item("setIPSets", "addIPSet", s["name"], lambda: config.addIPSet(s["name"], definition))
        if change.errors:
            return
    known = set(config.getServiceNames())
    for service in request.get("defineServices", []):
        name = service["name"]
        if name in known:
            continue
        definition = FirewallClientServiceSettings()
        definition.setPorts([tuple(p.split("/", 1)) for p in service["ports"]])
        change.item("defineServices", "defineService", name, lambda: config.addService(name, definition))
        if change.errors:
            return
    if any(change.done.get(k) for k, _, _ in edits):
        change.item("updateZone", "updateZone", request["zone"], lambda: zone.update(settings))
        if change.errors:
            return
    for name in strings(request, "deleteIPSets"):
        if name in ipsets:
            change.item("deleteIPSets", "removeIPSet", name, lambda: config.getIPSetByName(name).remove())
            if change.errors:
                return
    for name in strings(request, "deleteServices"):
        if name in known:
            change.item("deleteServices", "deleteService", name, lambda: config.getServiceByName(name).remove())


def change_zone(fw, request):
    change = Change()
    if not isinstance(request.get("zone"), str):
        raise BadRequest("a change needs a zone")
    check_rules(change, strings(request, "addRichRules"))
    if change.errors:
        return change.reply()
    configuration = request.get("configuration")
    if configuration == "runtime":
        if request.get("defineServices") or request.get("deleteServices") or request.get("deleteIPSets"):
            raise BadRequest("services and ipsets are defined and deleted in the permanent configuration only")
        change_runtime(fw, request, change)
    elif configuration == "permanent":
        change_permanent(fw, request, change)
    else:
        raise BadRequest("unknown configuration '%s'" % configuration)
    return change.reply()


def main():
    try:
        request = json.load(sys.stdin)
        if not isinstance(request, dict):
            raise BadRequest("the request must be a JSON object")
    except (ValueError, BadRequest) as e:
        reply_and_exit({"errors": [{"operation": "request", "item": "", "error": str(e)}]}, EXIT_BAD_REQUEST)
    try:
        from firewall.client import FirewallClient
    except ImportError as e:
        reply_and_exit({"errors": [{"operation": "import", "item": "firewall.client", "error": str(e)}]},
                       EXIT_NO_CLIENT)
    operation = request.get("operation")
    try:
        try:
            fw = FirewallClient()
        except Exception:  # no system bus at all: firewalld cannot be running
            fw = None
        if fw is None or not fw.connected:
            if operation == "read":
                reply_and_exit({"running": False, "errors": []}, 0)
            reply_and_exit({"errors": [{"operation": operation, "item": "", "error": "firewalld is not running"}]},
                           EXIT_REFUSED)
        if operation == "read":
            reply = read(fw, request)
        elif operation == "change":
            reply = change_zone(fw, request)
        else:
            raise BadRequest("unknown operation '%s'" % operation)
    except BadRequest as e:
        reply_and_exit({"errors": [{"operation": "request", "item": "", "error": str(e)}]}, EXIT_BAD_REQUEST)
    except Exception as e:  # firewalld refused a read (an unknown zone, say)
        reply_and_exit({"errors": [{"operation": str(operation), "item": "", "error": message(e)}]}, EXIT_REFUSED)
    reply_and_exit(reply, EXIT_REFUSED if reply["errors"] else 0)


main()
