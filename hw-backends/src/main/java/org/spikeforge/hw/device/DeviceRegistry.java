package org.spikeforge.hw.device;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The board libraries SpikeForge knows about and the boards they offer: the bundled reference board
 * plus any adapters listed (path-separated) in the {@code SPIKEFORGE_BOARD_LIBS} environment
 * variable. Used by a {@code spikeforge devices} listing and to open a board by a
 * {@code library:boardId} spec.
 */
public final class DeviceRegistry {
    /** Environment variable with extra board libraries, separated by {@link File#pathSeparator}. */
    public static final String LIBRARIES_ENV = "SPIKEFORGE_BOARD_LIBS";

    private final List<String> librarySpecs;

    public DeviceRegistry(List<String> librarySpecs) {
        this.librarySpecs = List.copyOf(librarySpecs);
    }

    /** The reference board plus the libraries named in {@value #LIBRARIES_ENV}. */
    public static DeviceRegistry fromEnvironment() {
        List<String> specs = new ArrayList<>();
        specs.add(BoardLibrary.REFBOARD);
        String extra = System.getenv(LIBRARIES_ENV);
        if (extra != null) {
            for (String spec : extra.split(File.pathSeparator)) {
                if (!spec.isBlank()) {
                    specs.add(spec.strip());
                }
            }
        }
        return new DeviceRegistry(specs);
    }

    public List<String> librarySpecs() {
        return librarySpecs;
    }

    /** What enumeration found: the boards, and one line per library that could not be used. */
    public record Listing(List<BoardInfo> boards, List<String> problems) {
    }

    /** Loads every library and lists its boards with their capabilities. */
    public Listing enumerate() {
        List<BoardInfo> boards = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String spec : librarySpecs) {
            try {
                BoardLibrary library = BoardLibrary.load(spec);
                for (String id : library.boardIds()) {
                    try (JnaDevice device = library.open(id)) {
                        boards.add(new BoardInfo(spec, id, device.capabilities()));
                    }
                }
            } catch (DeviceException e) {
                problems.add(e.getMessage());
            }
        }
        return new Listing(List.copyOf(boards), List.copyOf(problems));
    }

    /**
     * Opens a board from {@code library:boardId} (split at the last colon) or from a bare board id,
     * which is looked up in every known library in order.
     */
    public Device open(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon > 0) {
            return JnaDevice.open(spec.substring(0, colon), spec.substring(colon + 1));
        }
        List<String> seen = new ArrayList<>();
        for (String librarySpec : librarySpecs) {
            BoardLibrary library = BoardLibrary.load(librarySpec);
            List<String> ids = library.boardIds();
            if (ids.contains(spec)) {
                return library.open(spec);
            }
            seen.addAll(ids);
        }
        throw new DeviceException(BoardError.NO_SUCH_BOARD, BoardError.NO_SUCH_BOARD.code(),
                "no board '" + spec + "' in " + librarySpecs + "; available: " + seen);
    }
}
