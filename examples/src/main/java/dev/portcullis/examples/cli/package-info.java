/**
 * The {@code portcullis} command line (picocli): {@code plan}, {@code apply}, {@code verify},
 * {@code remove}, {@code preflight} and {@code script} for a YAML or JSON spec file, with documented
 * exit codes ({@link dev.portcullis.examples.cli.ExitCode}).
 *
 * <p>{@link dev.portcullis.examples.cli.PortcullisCommand} registers the subcommands; each is a small
 * class, and a new one is added to its {@code subcommands} list. What the commands work with (this
 * machine's runner, the backends, whether a terminal watches) is one
 * {@link dev.portcullis.examples.cli.CliEnvironment}, which tests replace. Without root, {@code plan}
 * plans against assumed fresh hosts ({@link dev.portcullis.examples.cli.AssumedHost}) whose reads an
 * {@link dev.portcullis.examples.cli.EmptyHostRunner} answers.
 */
package dev.portcullis.examples.cli;
