/**
 * Portcullis embedded in an installer: {@link dev.portcullis.examples.installer.MailInstaller}
 * configures the mail server first and opens its ports only when that succeeded, showing each step
 * through a listener ({@link dev.portcullis.examples.installer.InstallerProgress}) and telling the
 * user in words what was undone when a step fails.
 */
package dev.portcullis.examples.installer;
