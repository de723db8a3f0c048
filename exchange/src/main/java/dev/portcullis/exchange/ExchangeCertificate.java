package dev.portcullis.exchange;

import java.util.List;
import java.util.Objects;

/**
 * A certificate as {@code Get-ExchangeCertificate} reports it (or as read from a PFX file).
 *
 * @param thumbprint SHA-1 thumbprint, upper-case hex
 * @param friendlyName its friendly name ("" for none)
 * @param subject its subject distinguished name
 * @param issuer its issuer distinguished name
 * @param services the Exchange services it is enabled for ({@code SMTP}, {@code IIS}...)
 */
public record ExchangeCertificate(String thumbprint, String friendlyName, String subject, String issuer,
        List<String> services) {

    /** @param thumbprint t @param friendlyName f @param subject s @param issuer i @param services v */
    public ExchangeCertificate {
        Objects.requireNonNull(thumbprint, "thumbprint");
        Objects.requireNonNull(friendlyName, "friendlyName");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        services = List.copyOf(services);
    }

    /** @return the value receive connectors name it by: {@code <I>issuer<S>subject} */
    public String tlsCertificateName() {
        return "<I>" + issuer + "<S>" + subject;
    }

    /** @return whether it is enabled for SMTP */
    public boolean servesSmtp() {
        return services.stream().anyMatch(s -> s.equalsIgnoreCase("SMTP"));
    }
}
