# Stand-in for firewalld's firewall.client (FirewalldClientProgramTest). Its state is the JSON file
# named by $STANDIN_STATE, read at start and written after every call, and every call is appended
# to its "calls" list, so the test sees what the program asked of firewalld, in order.
import json
import os

STATE = os.environ["STANDIN_STATE"]


def load():
    with open(STATE) as f:
        return json.load(f)


def save(state):
    with open(STATE, "w") as f:
        json.dump(state, f)


def call(name, *args):
    state = load()
    state["calls"].append([name] + [a if isinstance(a, (str, int)) else repr(a) for a in args])
    save(state)
    return state


class FirewallError(Exception):
    pass


def zone(state, where, name):
    if name not in state[where]["zones"]:
        raise FirewallError("INVALID_ZONE: " + name)
    return state[where]["zones"][name]


class FirewallClientZoneSettings:
    def __init__(self, settings):
        self.settings = settings

    def getSettingsDict(self):
        return self.settings

    def addRichRule(self, rule):
        if rule in self.settings["rules_str"]:
            raise FirewallError("ALREADY_ENABLED: " + rule)
        self.settings["rules_str"].append(rule)

    def removeRichRule(self, rule):
        if rule not in self.settings["rules_str"]:
            raise FirewallError("NOT_ENABLED: " + rule)
        self.settings["rules_str"].remove(rule)

    def addService(self, service):
        if service in self.settings["services"]:
            raise FirewallError("ALREADY_ENABLED: " + service)
        self.settings["services"].append(service)

    def removeService(self, service):
        if service not in self.settings["services"]:
            raise FirewallError("NOT_ENABLED: " + service)
        self.settings["services"].remove(service)


class FirewallClientServiceSettings:
    def __init__(self):
        self.ports = []

    def setPorts(self, ports):
        self.ports = [list(p) for p in ports]


class FirewallClientIPSetSettings:
    def __init__(self):
        self.settings = {}

    def setType(self, value):
        self.settings["type"] = value

    def setShort(self, value):
        self.settings["short"] = value

    def setDescription(self, value):
        self.settings["description"] = value

    def setOptions(self, value):
        self.settings["options"] = value

    def setEntries(self, value):
        self.settings["entries"] = value


class ConfigZone:
    def __init__(self, name):
        self.name = name

    def getSettings(self):
        return FirewallClientZoneSettings(json.loads(json.dumps(zone(call("getZoneByName", self.name), "permanent", self.name))))

    def update(self, settings):
        state = call("updateZone", self.name)
        state["permanent"]["zones"][self.name] = settings.settings
        save(state)


class ConfigService:
    def __init__(self, name):
        self.name = name

    def remove(self):
        state = call("removeService", self.name)
        del state["permanent"]["services"][self.name]
        save(state)


class Config:
    def getIPSetNames(self):
        return sorted(call("getIPSetNames")["permanent"].get("ipsets", {}))

    def addIPSet(self, name, settings):
        state = call("addIPSet", name, len(settings.settings["entries"]))
        state["permanent"].setdefault("ipsets", {})[name] = settings.settings
        save(state)

    def getZoneByName(self, name):
        return ConfigZone(name)

    def getServiceNames(self):
        return sorted(call("getServiceNames")["permanent"]["services"])

    def getServiceByName(self, name):
        return ConfigService(name)

    def addService(self, name, settings):
        state = call("addService", name, ",".join("/".join(p) for p in settings.ports))
        state["permanent"]["services"][name] = settings.ports
        save(state)


class FirewallClient:
    def __init__(self):
        self.connected = load()["running"]

    def getDefaultZone(self):
        return call("getDefaultZone")["defaultZone"]

    def getZoneSettings(self, name):
        return FirewallClientZoneSettings(zone(call("getZoneSettings", name), "runtime", name))

    def listServices(self):
        return sorted(call("listServices")["runtime"]["services"])

    def config(self):
        return Config()

    def getIPSets(self):
        return sorted(call("getIPSets")["runtime"].get("ipsets", {}))

    def getEntries(self, name):
        return list(call("getEntries", name)["runtime"]["ipsets"][name]["entries"])

    def setEntries(self, name, entries):
        state = call("setEntries", name, len(entries))
        state["runtime"]["ipsets"][name]["entries"] = list(entries)
        save(state)

    def addEntry(self, name, entry):
        state = call("addEntry", name, entry)
        entries = state["runtime"]["ipsets"][name]["entries"]
        if entry in entries:
            raise FirewallError("ALREADY_ENABLED: " + entry)
        entries.append(entry)
        save(state)

    def removeEntry(self, name, entry):
        state = call("removeEntry", name, entry)
        entries = state["runtime"]["ipsets"][name]["entries"]
        if entry not in entries:
            raise FirewallError("NOT_ENABLED: " + entry)
        entries.remove(entry)
        save(state)

    def queryPanicMode(self):
        return call("queryPanicMode").get("panic", False)

    def reload(self):
        call("reload")

    def _runtime(self, operation, name, item, key, add):
        state = call(operation, name, item)
        values = zone(state, "runtime", name)[key]
        if add and item in values:
            raise FirewallError("ALREADY_ENABLED: " + item)
        if not add and item not in values:
            raise FirewallError("NOT_ENABLED: " + item)
        if item in state.get("refuse", []):
            raise FirewallError("INVALID_RULE: refused by the stand-in")
        values.append(item) if add else values.remove(item)
        save(state)

    def addRichRule(self, name, rule, timeout=0):
        self._runtime("addRichRule", name, rule, "rules_str", True)

    def removeRichRule(self, name, rule):
        self._runtime("removeRichRule", name, rule, "rules_str", False)

    def addService(self, name, service, timeout=0):
        self._runtime("addService", name, service, "services", True)

    def removeService(self, name, service):
        self._runtime("removeService", name, service, "services", False)
