/**
 * Devices: running a {@code HardwareConfig} on a board reached through the small C ABI of
 * {@code hw-backends/src/main/c/include/spikeforge_board.h}. {@link org.spikeforge.hw.device.JnaDevice}
 * binds any shared library that exports that ABI (the bundled reference board {@code refboard}, or a
 * vendor adapter given by path), checks its symbols and ABI version up front, and turns every native
 * error code into a {@link org.spikeforge.hw.device.DeviceException} carrying the library's own message.
 * {@link org.spikeforge.hw.device.DeviceRegistry} enumerates the boards of the known libraries.
 */
package org.spikeforge.hw.device;
