/**
 * A third-party firewall backend in about 225 lines, found by {@code ServiceLoader}:
 * {@link dev.portcullis.examples.nftables.NftablesBackend} keeps each policy in its own nftables
 * chain, takes one snapshot, plans as a pure function of (desired, snapshot) and probes every step.
 * An example to copy, not a supported backend.
 */
package dev.portcullis.examples.nftables;
