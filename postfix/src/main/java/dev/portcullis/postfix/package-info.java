/**
 * The Postfix backend and the SMTP probe.
 *
 * <p>Public: {@link dev.portcullis.postfix.PostfixBackend} (found by {@code ServiceLoader}, id
 * {@code postfix}) turns a {@link dev.portcullis.MailServerSpec} into main.cf and master.cf settings
 * through postconf and proves them over SMTP; {@link dev.portcullis.postfix.MailServerProbe} probes any
 * mail server over the wire and reports {@link dev.portcullis.postfix.SmtpFinding}s in an
 * {@link dev.portcullis.postfix.SmtpProbeReport}; {@link dev.portcullis.postfix.DnsRecords} lists the
 * {@link dev.portcullis.postfix.DnsRecord}s a spec needs published.
 *
 * <p>Inside, in the order of the flow: {@code PostfixSnapshot} reads the host once (postconf -n and
 * -M, one sha256sum, the ownership record, and a stat of the mailbox folder when there is one);
 * {@code PostfixSettings} says what a spec means in Postfix terms, purely; {@code PostfixPlanner}
 * and {@code PostfixRemovalPlanner} compare the two into steps built by {@code PostfixSteps},
 * {@code PostconfCommand}, {@code FileCommands}, {@code WriteMapFilesAction},
 * {@code ReloadAction} and {@code MailboxBaseDirectory}; {@code ReplacedValues} writes the warnings
 * about values set before Portcullis; {@code OwnershipRecord} is what remove reads back;
 * {@code PostfixVerifier} compares without changing anything.
 *
 * <p>{@link dev.portcullis.postfix.PostfixPreflight} is the module's part of preflight (installed,
 * version, map types, running, master as the owner of the SMTP ports) and its host facts; it reads
 * postconf and {@code postfix status} ({@code PostfixStatus}) with the same parsers as the backend.
 */
package dev.portcullis.postfix;
