package org.spikeforge.hil;

import java.util.ArrayList;
import java.util.List;
import org.spikeforge.hw.device.BoardLibrary;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.DeviceException;
import org.spikeforge.hw.device.DeviceRegistry;
import org.spikeforge.hw.device.JnaDevice;
import org.spikeforge.proto.TargetFamily;

/**
 * Opens the board a command names with {@code --device}: {@code LIBRARY:BOARD} opens that board (a config of another
 * family is then refused by the board itself, with its own message); a bare board id known to the registry (e.g.
 * {@code refboard-xylo}) opens that board; anything else is a library ({@code refboard}, a path to a shared object,
 * or a name on the library path) and the first of its boards whose family matches the config's target is opened.
 * {@code emulator} opens an {@link EmulatorDevice} of the config's family (quantization-aware fine-tuning on the
 * ideal integer chip). A missing library or symbol is a one-line {@link DeviceException} from {@link BoardLibrary#load}.
 */
public final class BoardSelector {
  private BoardSelector() {}

  /**
   * @param spec the {@code --device} value
   * @param family the target family the board must run, or null to take the library's first board
   */
  public static Device open(String spec, TargetFamily family) {
    if (spec == null || spec.isBlank()) {
      throw DeviceException.binding("--device is empty; give refboard, emulator, LIBRARY:BOARD or a board id");
    }
    if (spec.equals(EmulatorDevice.SPEC)) {
      if (family == null) {
        throw DeviceException.binding("--device emulator needs the target family of the config to emulate");
      }
      return new EmulatorDevice(family);
    }
    int colon = spec.lastIndexOf(':');
    if (colon > 0) {
      return JnaDevice.open(spec.substring(0, colon), spec.substring(colon + 1));
    }
    DeviceRegistry registry = DeviceRegistry.fromEnvironment();
    if (!spec.equals(BoardLibrary.REFBOARD) && !spec.contains("/")) {
      for (String lib : registry.librarySpecs()) {
        try {
          if (BoardLibrary.load(lib).boardIds().contains(spec)) {
            return registry.open(spec);
          }
        } catch (DeviceException e) {
          // an unusable extra library cannot hold the board; the spec is tried as a library below
        }
      }
    }
    BoardLibrary library = BoardLibrary.load(spec);
    List<String> seen = new ArrayList<>();
    for (String id : library.boardIds()) {
      JnaDevice d = library.open(id);
      TargetFamily f = d.capabilities().family();
      if (family == null || family == f) {
        return d;
      }
      seen.add(id + " (" + f + ")");
      d.close();
    }
    throw new DeviceException(org.spikeforge.hw.device.BoardError.NO_SUCH_BOARD,
        org.spikeforge.hw.device.BoardError.NO_SUCH_BOARD.code(), "board library '" + spec + "' has no board for target '"
        + family + "'; its boards: " + seen);
  }
}
