/**
 * The platform-neutral model: what Portcullis provisions and the values it is built from.
 *
 * <p>A {@link dev.portcullis.Spec} is either a {@link dev.portcullis.PortPolicy} (which ports are
 * open, to whom, how fast) or a {@link dev.portcullis.MailServerSpec} (what an SMTP server must
 * be). Both are immutable, built through a {@code Builder} whose {@code build()} reports every
 * problem at once, each naming its field ({@link dev.portcullis.InvalidSpecException},
 * {@link dev.portcullis.SpecProblem}), and both read and write as JSON and YAML
 * ({@link dev.portcullis.spec.Specs}). Every string a user gives is parsed into a strict value
 * ({@link dev.portcullis.Cidr}, {@link dev.portcullis.HostName}, {@link dev.portcullis.PortRange})
 * before any command exists; fixed choices are enums ({@link dev.portcullis.Protocol},
 * {@link dev.portcullis.ListenScope}, {@link dev.portcullis.SaslType}).
 *
 * <p>The model is neutral: settings only one backend uses travel in a typed value of their own
 * ({@link dev.portcullis.PostfixTuning}). Safety rules that every backend shares live here too:
 * {@link dev.portcullis.RelayGuard} refuses trusted networks that amount to an open relay, and
 * {@link dev.portcullis.RateLimit} refuses limits the firewalls cannot enforce.
 * {@link dev.portcullis.Provisioner} is the front door that plans, applies, verifies and removes a
 * spec through the backends found on a host.
 */
package dev.portcullis;
