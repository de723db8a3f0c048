package dev.portcullis.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds backends with {@link ServiceLoader} and chooses one for a host: by id when asked, otherwise
 * the supporting backend with the highest priority.
 */
public final class Backends {

    private Backends() {
    }

    /** @return every firewall backend on the class path */
    public static List<FirewallBackend> firewalls() {
        List<FirewallBackend> all = new ArrayList<>();
        ServiceLoader.load(FirewallBackend.class, Backends.class.getClassLoader()).forEach(all::add);
        return all;
    }

    /** @return every mail server backend on the class path */
    public static List<MailServerBackend> mailServers() {
        List<MailServerBackend> all = new ArrayList<>();
        ServiceLoader.load(MailServerBackend.class, Backends.class.getClassLoader()).forEach(all::add);
        return all;
    }

    /**
     * @param kind "firewall" or "mail server", for messages
     * @param installed the candidates
     * @param id the id asked for, or null to choose automatically
     * @param facts the host's facts
     * @param <B> backend type
     * @return the chosen backend
     * @throws NoBackendException naming every installed backend and why it does not apply
     */
    public static <B extends Backend<?>> B choose(String kind, List<B> installed, String id, HostFacts facts) {
        if (id != null) {
            Optional<B> named = installed.stream().filter(b -> b.id().equals(id)).findFirst();
            if (named.isEmpty()) {
                throw new NoBackendException("no " + kind + " backend '" + id + "' is installed; installed: "
                        + (installed.isEmpty() ? "none (add a portcullis backend module to the class path)"
                                : installed.stream().map(Backend::id).toList()));
            }
            Support s = named.get().supports(facts);
            if (!s.supported()) {
                throw new NoBackendException(kind + " backend '" + id + "' cannot work on this host: " + s.reason());
            }
            return named.get();
        }
        Optional<B> best = installed.stream().filter(b -> b.supports(facts).supported())
                .max(Comparator.comparingInt(Backend::priority));
        if (best.isPresent()) {
            return best.get();
        }
        StringBuilder sb = new StringBuilder("no " + kind + " backend applies to this host (" + describe(facts) + ").");
        if (installed.isEmpty()) {
            sb.append(" None is installed: add a portcullis backend module (for example portcullis-linux-iptables)"
                    + " to the class path.");
        } else {
            sb.append(" Installed:");
            for (B b : installed) {
                sb.append("\n  - ").append(b.id()).append(": ").append(b.supports(facts).reason());
            }
        }
        throw new NoBackendException(sb.toString());
    }

    private static String describe(HostFacts facts) {
        return facts.osFamily() + facts.distroId().map(d -> " " + d).orElse("")
                + facts.distroVersion().map(v -> " " + v).orElse("");
    }
}
