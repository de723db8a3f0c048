# Portcullis confirm-or-revert for firewalld: saves, or restores, every zone (runtime and
# permanent), the permanent services and ipsets Portcullis owns and the entries of its runtime
# ipsets (all named portcullis-*; it creates and deletes no others) through firewalld's own
# client, without a reload (a reload would drop runtime-only state such as fail2ban's bans and
# direct rules). A runtime ipset cannot be created or deleted without a reload: one the apply
# brought to the runtime is emptied (its rule is gone with the zone), as remove does.
#   python3 restore-point.py save            prints the state as JSON
#   python3 restore-point.py restore FILE    brings the state in FILE back, changing only what differs
import json
import sys

from firewall.client import (FirewallClient, FirewallClientIPSetSettings, FirewallClientServiceSettings,
                             FirewallClientZoneSettings)

OWNED = "portcullis-"


def plain(value):
    return json.loads(json.dumps(value))


def state(fw):
    config = fw.config()
    return plain(dict(
        runtime=dict((z, fw.getZoneSettings(z).getSettingsDict()) for z in fw.getZones()),
        zones=dict((z, config.getZoneByName(z).getSettings().getSettingsDict()) for z in config.getZoneNames()),
        services=dict((s, config.getServiceByName(s).getSettings().getSettingsDict()) for s in config.getServiceNames()
                      if s.startswith(OWNED)),
        ipsets=dict((s, config.getIPSetByName(s).getSettings().getSettings()) for s in config.getIPSetNames()
                    if s.startswith(OWNED)),
        runtimeIpsets=dict((s, sorted(fw.getEntries(s))) for s in fw.getIPSets() if s.startswith(OWNED)),
    ))


def restore(fw, saved):
    now = state(fw)
    config = fw.config()
    # permanent services first: zones may reference them
    for name, settings in saved["services"].items():
        if name not in now["services"]:
            config.addService(name, FirewallClientServiceSettings(settings))
        elif now["services"][name] != settings:
            config.getServiceByName(name).update(FirewallClientServiceSettings(settings))
    # permanent ipsets before the zones that match them
    for name, settings in saved.get("ipsets", {}).items():
        if name not in now["ipsets"]:
            config.addIPSet(name, FirewallClientIPSetSettings(settings))
        elif now["ipsets"][name] != settings:
            config.getIPSetByName(name).update(FirewallClientIPSetSettings(settings))
    for name, settings in saved["zones"].items():
        if name in now["zones"] and now["zones"][name] != settings:
            config.getZoneByName(name).update(FirewallClientZoneSettings(settings))
    for name, settings in saved["runtime"].items():
        if name in now["runtime"] and now["runtime"][name] != settings:
            fw.setZoneSettings(name, FirewallClientZoneSettings(settings))
    for name, entries in now["runtimeIpsets"].items():
        wanted = saved.get("runtimeIpsets", {}).get(name, [])
        if entries != wanted:
            fw.setEntries(name, wanted)
    for name in now["services"]:
        if name not in saved["services"]:
            config.getServiceByName(name).remove()
    # permanent ipsets after the zones no longer match them
    for name in now["ipsets"]:
        if name not in saved.get("ipsets", {}):
            config.getIPSetByName(name).remove()


def main():
    fw = FirewallClient()
    if sys.argv[1] == "save":
        json.dump(state(fw), sys.stdout, sort_keys=True)
    else:
        with open(sys.argv[2]) as f:
            restore(fw, json.load(f))


main()
