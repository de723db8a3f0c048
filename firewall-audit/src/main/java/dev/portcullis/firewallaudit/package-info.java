/**
 * The preflight audit of the firewalls Portcullis does not manage: nftables tables of their own,
 * ufw, and rules left in iptables-legacy beside nf_tables. It runs whichever backends are
 * installed (the command line always includes it), reads through the preflight's memo, and
 * parses {@code iptables-legacy-save} with the iptables module's one parser. A module that
 * manages a firewall audits its own tool instead (the iptables and firewalld modules do).
 */
package dev.portcullis.firewallaudit;
