package dev.portcullis.exchange;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.RelayGuard;
import dev.portcullis.SpecProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses anonymous relay on Exchange. Two configurations make an Exchange server relay for anyone
 * who connects: a receive connector whose permission groups include AnonymousUsers while its
 * authentication includes ExternalAuthoritative (every anonymous session is then treated as
 * internal), and a relay grant ({@code ms-Exch-SMTP-Accept-Any-Recipient} for ANONYMOUS LOGON) over
 * broad remote ranges. Portcullis grants relay only to the spec's trusted networks, each at most a
 * /24 (IPv4) or /64 (IPv6) on top of the model's {@link RelayGuard}, and never generates the first
 * configuration; the guard also reports it
 * when it finds it on a host.
 */
public final class AnonymousRelayGuard {

    /** The broadest IPv4 network Portcullis grants anonymous relay to. */
    public static final int MIN_IPV4_PREFIX = 24;
    /** The broadest IPv6 network Portcullis grants anonymous relay to. */
    public static final int MIN_IPV6_PREFIX = 64;

    private AnonymousRelayGuard() {
    }

    /**
     * @param spec the mail server spec
     * @throws InvalidSpecException naming each field that would make the server relay anonymously
     */
    public static void check(MailServerSpec spec) {
        List<SpecProblem> problems = new ArrayList<>();
        if (spec.openRelayAllowed()) {
            problems.add(SpecProblem.of("openRelayAllowed", "the exchange backend never configures anonymous open relay,"
                    + " not even on request"));
        }
        problems.addAll(RelayGuard.standard().narrowerThan(MIN_IPV4_PREFIX, MIN_IPV6_PREFIX,
                "for an Exchange anonymous relay grant").problems("trustedNetworks", spec.trustedNetworks()));
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
    }

    /**
     * @param connector a receive connector's settings
     * @return why it relays anonymously, if it does
     */
    public static Optional<String> openRelay(ReceiveConnectorSettings connector) {
        if (connector.permissionGroups().contains("AnonymousUsers")
                && connector.authMechanisms().contains("ExternalAuthoritative")) {
            return Optional.of("receive connector '" + connector.name() + "' gives anonymous senders (AnonymousUsers) the"
                    + " rights of internal servers (ExternalAuthoritative): it relays for anyone in "
                    + connector.remoteIpRanges());
        }
        return Optional.empty();
    }
}
