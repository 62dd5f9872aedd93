/**
 * The {@code spikeforge} command line (picocli): one class per subcommand, shared exit codes and
 * error handling (bad input is one line on stderr and exit code 2), the version, and a progress
 * reporter that draws a bar on terminals and plain lines in logs.
 */
package org.spikeforge.cli;
