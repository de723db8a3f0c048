/**
 * What live tests stand on: a throw-away Debian host in a container
 * ({@link dev.portcullis.testing.LinuxTestHost}) on its own {@link dev.portcullis.testing.TestNetwork},
 * reached through the same {@code CommandRunner} backends use; a {@link dev.portcullis.testing.TestClient}
 * that proves from outside which ports the host's firewall really lets through; a
 * {@link dev.portcullis.testing.LivedInHost} that gives the host a past, and a
 * {@link dev.portcullis.testing.ForeignState} that proves afterwards nothing Portcullis does not own
 * changed; and {@link dev.portcullis.testing.InjectedFailure}, which fails a step's probe after its
 * action really ran, for rollback tests. Test code only.
 */
package dev.portcullis.testing;
