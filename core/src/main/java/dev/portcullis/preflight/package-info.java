/**
 * Preflight diagnostics: the checks an administrator runs before opening port 25, as one call.
 *
 * <pre>{@code
 * PreflightReport report = Preflight.run(runner, mailSpec,
 *         PreflightOptions.builder().outboundSmtp("relay.example.net").build());
 * report.status();   // PASS, WARN or FAIL: the worst of its checks
 * report.toJson();   // every check with its reason and the evidence it read
 * }</pre>
 *
 * <p>Six checks, each a small class: privileges, hardware baseline, port occupancy, firewall
 * audit (including which backend Portcullis would choose, and why), outbound SMTP, and the mail
 * stack. On Linux the evidence is read through the {@link dev.portcullis.exec.CommandRunner}
 * ({@code ss}, {@code /proc}, {@code iptables-save}, {@code nft}, {@code postconf}...). What a
 * module knows about its own tool it adds as a {@link dev.portcullis.preflight.PreflightContributor};
 * on Windows the windows module reads the host's basics in one PowerShell script
 * ({@link dev.portcullis.preflight.HostReadings}). Nothing is changed on the
 * host, and the only network traffic is a TCP connect to a relay the caller named.
 */
package dev.portcullis.preflight;
