/**
 * The Postfix backend: {@link dev.portcullis.postfix.PostfixBackend} turns a
 * {@link dev.portcullis.MailServerSpec} into main.cf and master.cf settings through postconf,
 * {@link dev.portcullis.postfix.MailServerProbe} proves a mail server over SMTP, and
 * {@link dev.portcullis.postfix.DnsRecords} lists the DNS records it needs.
 */
package dev.portcullis.postfix;
