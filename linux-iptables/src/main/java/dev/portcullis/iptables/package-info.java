/**
 * The iptables and ip6tables backend: a policy becomes rules in chains Portcullis owns, applied
 * with one {@code iptables-restore --noflush} per family and read back with
 * {@code iptables-save}. The module owns everything about iptables: the {@code iptables-save}
 * format (one parser, for the backend and the audit alike), the host
 * facts about it ({@link dev.portcullis.iptables.IptablesFacts}: which variant runs), and its
 * part of preflight (which iptables rules block the spec's ports).
 */
package dev.portcullis.iptables;
