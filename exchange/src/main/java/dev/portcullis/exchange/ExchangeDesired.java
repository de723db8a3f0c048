package dev.portcullis.exchange;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link dev.portcullis.MailServerSpec} asks of an Exchange server, computed from the spec
 * and one snapshot (the TLS certificate's name comes from the certificate it names).
 *
 * @param acceptedDomains domains to accept mail for
 * @param certificate how the SMTP certificate is provided
 * @param internet the Internet receive connector
 * @param adopted whether {@code internet} is an existing connector Portcullis manages but does not own
 * @param relay the receive connector for trusted networks, when the spec trusts any
 * @param relayName the name of that connector, also when the spec trusts no network (a relay
 *     connector left from an earlier spec is then removed)
 * @param maxMessageSizeBytes the organisation's message size limits
 * @param send the send connector to the Internet
 * @param notes remarks for the plan
 */
public record ExchangeDesired(List<String> acceptedDomains, Certificate certificate, ReceiveConnectorSettings internet,
        boolean adopted, Optional<ReceiveConnectorSettings> relay, String relayName, long maxMessageSizeBytes,
        SendConnectorSettings send, List<String> notes) {

    /** @param acceptedDomains a @param certificate c @param internet i @param adopted o @param relay r
     * @param relayName l @param maxMessageSizeBytes m @param send s @param notes n */
    public ExchangeDesired {
        acceptedDomains = List.copyOf(acceptedDomains);
        notes = List.copyOf(notes);
    }

    /**
     * The SMTP certificate: none, a PFX file to import, or a self-signed one Exchange makes.
     *
     * @param kind which
     * @param path the PFX path (FILE)
     * @param friendlyName the friendly name of the self-signed certificate (SELF_SIGNED)
     * @param thumbprint the certificate's thumbprint when known before the apply ("" otherwise)
     * @param tlsCertificateName {@code <I>issuer<S>subject} when known before the apply ("" otherwise)
     */
    public record Certificate(Kind kind, String path, String friendlyName, String thumbprint, String tlsCertificateName) {

        /** How the certificate is provided. */
        public enum Kind {
            /** No TLS. */
            NONE,
            /** Imported from a PFX file. */
            FILE,
            /** Made by New-ExchangeCertificate. */
            SELF_SIGNED
        }

        /** @return no certificate */
        public static Certificate none() {
            return new Certificate(Kind.NONE, "", "", "", "");
        }
    }
}
