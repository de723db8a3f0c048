# Prints everything firewalld holds, runtime and permanent, in ONE process: what a test compares
# before and after an apply, a rollback or a removal. Read through firewalld's own D-Bus client
# (the module firewall-cmd itself uses), not through Portcullis's code, so it stays an independent
# witness; one process instead of the twenty-odd firewall-cmd starts the same listing costs.
#
# One line per fact: "<runtime|permanent> <kind> <name> <key>: <value>", list values on one
# line in their own order, except rich rules and direct rules (one line each, so that a caller
# can leave out the lines that name its own sources). Output order is stable (names sorted).
import sys

from firewall.client import FirewallClient

fw = FirewallClient()
if not fw.connected:
    sys.stderr.write("firewalld is not running\n")
    sys.exit(3)
config = fw.config()
out = []


def settings(label, values):
    for key in sorted(values):
        value = values[key]
        if key == "rules_str":
            out.extend("%s rule: %s" % (label, rule) for rule in value)
        elif isinstance(value, (list, tuple)):
            out.append("%s %s: %s" % (label, key, " ".join(str(v) for v in value)))
        else:
            out.append("%s %s: %s" % (label, key, value))


for zone in sorted(fw.getZones()):
    settings("runtime zone " + zone, fw.getZoneSettings(zone).getSettingsDict())
for zone in sorted(config.getZoneNames()):
    settings("permanent zone " + zone, config.getZoneByName(zone).getSettings().getSettingsDict())
for policy in sorted(fw.getPolicies()):
    settings("runtime policy " + policy, fw.getPolicySettings(policy).getSettingsDict())
for policy in sorted(config.getPolicyNames()):
    settings("permanent policy " + policy, config.getPolicyByName(policy).getSettings().getSettingsDict())
out.append("runtime services: " + " ".join(sorted(fw.listServices())))
out.append("permanent services: " + " ".join(sorted(config.getServiceNames())))
for ipset in sorted(fw.getIPSets()):
    out.append("runtime ipset %s entries: %s" % (ipset, " ".join(fw.getEntries(ipset))))
for ipset in sorted(config.getIPSetNames()):
    out.append("permanent ipset %s entries: %s" % (ipset, " ".join(config.getIPSetByName(ipset).getEntries())))
out.extend("runtime direct chain: %s" % " ".join(map(str, c)) for c in fw.getAllChains())
out.extend("runtime direct rule: %s" % " ".join(map(str, r[:4])) + " " + " ".join(r[4]) for r in fw.getAllRules())
out.extend("runtime direct passthrough: %s %s" % (p[0], " ".join(p[1])) for p in fw.getAllPassthroughs())
direct = config.direct()
out.extend("permanent direct chain: %s" % " ".join(map(str, c)) for c in direct.getAllChains())
out.extend("permanent direct rule: %s" % " ".join(map(str, r[:4])) + " " + " ".join(r[4]) for r in direct.getAllRules())
out.extend("permanent direct passthrough: %s %s" % (p[0], " ".join(p[1])) for p in direct.getAllPassthroughs())
print("\n".join(out))
