/**
 * How modules plug into core. A backend implements {@link dev.portcullis.spi.FirewallBackend} or
 * {@link dev.portcullis.spi.MailServerBackend} and is chosen by
 * {@link dev.portcullis.spi.Backends} from the host's {@link dev.portcullis.spi.HostFacts}. A
 * module that needs facts about its own tool (which iptables variant, whether firewalld runs)
 * declares them as typed {@link dev.portcullis.spi.FactKey}s and reads them in its
 * {@link dev.portcullis.spi.HostFactsContributor}; core gathers what every host has and asks the
 * contributors for the rest. All are found with {@link java.util.ServiceLoader}.
 */
package dev.portcullis.spi;
