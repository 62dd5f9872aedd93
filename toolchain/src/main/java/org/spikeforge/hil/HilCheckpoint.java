package org.spikeforge.hil;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.spikeforge.io.AtomicFiles;

/**
 * The per-epoch checkpoint {@code DIR/hil-checkpoint.json}, written atomically (temporary file, then rename), so a
 * board or process that dies mid-epoch leaves the last completed epoch intact. Doubles are written in their shortest
 * round-tripping form, so a resumed run continues bit for bit.
 */
public final class HilCheckpoint {
  /** File name inside the run directory. */
  public static final String FILE = "hil-checkpoint.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HilCheckpoint() {}

  public static Path file(Path dir) {
    return dir.resolve(FILE);
  }

  public static boolean exists(Path dir) {
    return Files.isRegularFile(file(dir));
  }

  public static void save(Path dir, HilState state) {
    try {
      AtomicFiles.write(file(dir), JSON.writeValueAsBytes(state));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the hil checkpoint", e);
    }
  }

  /** The saved state; a missing or damaged file is a one-line error naming it. */
  public static HilState load(Path dir) {
    Path f = file(dir);
    try {
      HilState s = JSON.readValue(Files.readAllBytes(f), HilState.class);
      if (s.params() == null || s.moment1() == null || s.moment2() == null || s.history() == null) {
        throw new IllegalArgumentException(f + ": incomplete hil checkpoint (missing params, moments or history)");
      }
      int n = s.params().length;
      if (s.moment1().length != n || s.moment2().length != n
          || (s.bestParams() != null && s.bestParams().length != n) || (s.average() != null && s.average().length != n)) {
        throw new IllegalArgumentException(f + ": damaged hil checkpoint (moment1, moment2, bestParams and average"
            + " must each have the " + n + " entries of params)");
      }
      if (s.history().contains(null)) {
        throw new IllegalArgumentException(f + ": damaged hil checkpoint (null entry in history)");
      }
      return s;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(f + ": no hil checkpoint to resume from");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(f + ": damaged hil checkpoint (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      // e.g. a CharConversionException: bytes that are no JSON text at all
      throw new IllegalArgumentException(f + ": cannot read the hil checkpoint (" + e.getMessage() + ")", e);
    }
  }
}
