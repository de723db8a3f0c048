/**
 * The firewalld backend: a policy becomes an owned firewalld service and rich rules, in the
 * runtime and permanent configurations (or offline with {@code firewall-offline-cmd}), each
 * phase one {@code firewall-cmd} call. The module owns everything about firewalld, including
 * reading {@code firewall-cmd --state} ({@link dev.portcullis.firewalld.FirewalldRunState}) and its
 * part of preflight ({@link dev.portcullis.firewalld.FirewalldPreflight}).
 */
package dev.portcullis.firewalld;
