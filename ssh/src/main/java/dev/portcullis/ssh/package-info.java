/**
 * Portcullis on remote hosts: {@link dev.portcullis.ssh.SshCommandRunner} runs every command of a
 * plan over one SSH connection per host, with known_hosts checking, key, agent or password login,
 * {@code sudo -n} for other users and remote timeouts; {@link dev.portcullis.ssh.PosixShellWords}
 * is the one place an argv becomes the string SSH carries.
 */
package dev.portcullis.ssh;
