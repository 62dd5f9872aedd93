/**
 * Hardware targets and everything that touches a chip: each {@code Target} states its constraints,
 * checks a network against them (reporting every violation at once), quantizes and lowers it to a
 * {@code HardwareConfig} with a resource report, and exporters write Lava, lava-dl netx and NIR files.
 * The {@code Device} interface and its JNA binding reach boards through a small C ABI.
 */
package org.spikeforge.hw;
