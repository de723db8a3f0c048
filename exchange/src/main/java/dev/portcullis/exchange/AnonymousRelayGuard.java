package dev.portcullis.exchange;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.RelayGuard;
import dev.portcullis.SpecProblem;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses anonymous relay on Exchange. Two configurations make an Exchange server relay for anyone
 * who connects: a receive connector whose authentication includes ExternalAuthoritative while its
 * permission groups include AnonymousUsers or ExchangeServers (every session from its remote ranges
 * is then treated as an internal, authenticated server), and a relay grant
 * ({@code ms-Exch-SMTP-Accept-Any-Recipient} for ANONYMOUS LOGON) over broad remote ranges.
 * Portcullis grants relay only to the spec's trusted networks, each at most a /24 (IPv4) or /64
 * (IPv6) on top of the model's {@link RelayGuard}, and never generates the first configuration;
 * the guard also reports both when it finds them on a host.
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
        if (connector.authMechanisms().contains("ExternalAuthoritative")) {
            for (String group : List.of("AnonymousUsers", "ExchangeServers")) {
                if (connector.permissionGroups().contains(group)) {
                    return Optional.of("receive connector '" + connector.name() + "' treats every session as an internal"
                            + " server (" + group + " with ExternalAuthoritative): it relays for anyone in "
                            + connector.remoteIpRanges());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * @param connector a receive connector's settings
     * @param anonymousRelayGrant whether its permissions give ANONYMOUS LOGON
     *     {@code ms-Exch-SMTP-Accept-Any-Recipient} (see {@link ExchangeSnapshot#grantsAnonymousRelay})
     * @return why it relays anonymously, if it does: by its settings, or by the grant over remote
     *     ranges broader than a /24 (IPv4) or /64 (IPv6)
     */
    public static Optional<String> openRelay(ReceiveConnectorSettings connector, boolean anonymousRelayGrant) {
        Optional<String> bySettings = openRelay(connector);
        if (bySettings.isPresent() || !anonymousRelayGrant || !broaderThanRelayLimit(connector.remoteIpRanges())) {
            return bySettings;
        }
        return Optional.of("receive connector '" + connector.name() + "' lets anonymous senders relay (ANONYMOUS LOGON"
                + " holds ms-Exch-SMTP-Accept-Any-Recipient) for anyone in " + connector.remoteIpRanges());
    }

    /** Whether any range holds more addresses than the broadest network Portcullis grants relay to. */
    static boolean broaderThanRelayLimit(List<String> ranges) {
        for (String r : ranges) {
            try {
                int dash = r.indexOf('-');
                IPAddress lo = new IPAddressString((dash > 0 ? r.substring(0, dash) : r).strip()).toAddress();
                IPAddress hi = dash > 0 ? new IPAddressString(r.substring(dash + 1).strip()).toAddress() : lo.toPrefixBlock();
                int min = lo.isIPv4() ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX;
                BigInteger most = BigInteger.ONE.shiftLeft(lo.getBitCount() - min);
                if (lo.getLower().toSequentialRange(hi.getUpper()).getCount().compareTo(most) > 0) {
                    return true;
                }
            } catch (RuntimeException | inet.ipaddr.AddressStringException e) {
                return true;
            }
        }
        return false;
    }
}
