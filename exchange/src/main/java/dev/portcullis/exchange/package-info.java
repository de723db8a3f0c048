/**
 * The exchange backend: an Exchange Server's transport configuration from a
 * {@link dev.portcullis.MailServerSpec}, through the Exchange Management Shell, one PowerShell process
 * to read and one to change. Anonymous relay is refused.
 */
package dev.portcullis.exchange;
