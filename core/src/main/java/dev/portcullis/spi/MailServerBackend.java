package dev.portcullis.spi;

import dev.portcullis.MailServerSpec;

/**
 * Turns {@link MailServerSpec}s into mail server configuration. Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.portcullis.spi.MailServerBackend}; it needs a public no-argument
 * constructor.
 */
public interface MailServerBackend extends Backend<MailServerSpec> {
}
