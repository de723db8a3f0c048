/**
 * What the mail server does, from its logs: {@link dev.portcullis.mailevents.PostfixLogParser} and
 * {@link dev.portcullis.mailevents.ExchangeTrackingLogParser} turn log lines and message tracking
 * entries into typed {@link dev.portcullis.mailevents.MailEvent}s, written as Elastic Common Schema
 * JSON lines by {@link dev.portcullis.mailevents.EcsJsonLines};
 * {@link dev.portcullis.mailevents.MessageCorrelator} joins them per queue id with bounded memory;
 * {@link dev.portcullis.mailevents.MailReport} counts them over a window; and
 * {@link dev.portcullis.mailevents.MailLogSource} reads and follows the log through any
 * {@link dev.portcullis.exec.CommandRunner}.
 */
package dev.portcullis.mailevents;
