package dev.portcullis.exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * What a plan changes on an Exchange server, computed by {@link ExchangePlanner#changes}.
 *
 * @param domainsToAdd accepted domains to create
 * @param certificate what happens to the SMTP certificate
 * @param internet what happens to the Internet receive connector
 * @param relay what happens to the relay connector for trusted networks
 * @param transportLimits whether the organisation's size limits change
 * @param send what happens to the send connector
 */
public record ExchangeChanges(List<String> domainsToAdd, CertificateChange certificate, Change internet, Change relay,
        boolean transportLimits, Change send) {

    /** What happens to a connector. */
    public enum Change {
        /** Nothing. */
        NONE,
        /** It is created. */
        CREATE,
        /** It is set in place. */
        UPDATE,
        /** It is removed (a relay connector the spec no longer asks for). */
        REMOVE
    }

    /** What happens to the SMTP certificate. */
    public enum CertificateChange {
        /** Nothing. */
        NONE,
        /** The PFX file is imported and enabled for SMTP. */
        IMPORT,
        /** A self-signed certificate is made for SMTP. */
        CREATE_SELF_SIGNED,
        /** The certificate is there but not enabled for SMTP: it is enabled. */
        ENABLE_SMTP
    }

    /** @param domainsToAdd d @param certificate c @param internet i @param relay r @param transportLimits t @param send s */
    public ExchangeChanges {
        domainsToAdd = List.copyOf(domainsToAdd);
    }

    /** @return whether nothing changes */
    public boolean isEmpty() {
        return domainsToAdd.isEmpty() && certificate == CertificateChange.NONE && internet == Change.NONE
                && relay == Change.NONE && !transportLimits && send == Change.NONE;
    }

    /** @return the changes in words, for the step description */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (!domainsToAdd.isEmpty()) {
            parts.add("accepted domains " + domainsToAdd);
        }
        if (certificate != CertificateChange.NONE) {
            parts.add("certificate: " + certificate.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        if (internet != Change.NONE) {
            parts.add(internet.name().toLowerCase(java.util.Locale.ROOT) + " Internet receive connector");
        }
        if (relay != Change.NONE) {
            parts.add(relay.name().toLowerCase(java.util.Locale.ROOT) + " relay receive connector");
        }
        if (transportLimits) {
            parts.add("transport size limits");
        }
        if (send != Change.NONE) {
            parts.add(send.name().toLowerCase(java.util.Locale.ROOT) + " send connector");
        }
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }
}
