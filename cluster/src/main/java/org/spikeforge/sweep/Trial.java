package org.spikeforge.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One point of a sweep: every option of its pipeline, flat and sorted, and the values its axes chose. Its id is the
 * first 12 hex digits of the SHA-256 of the options as canonical JSON, so the same options give the same id in any
 * run and on any machine; that is what makes a sweep resumable (a rerun skips the ids already in the table).
 *
 * @param id the options' hash
 * @param index position in the sweep's trial list (spec order)
 * @param options every option, {@code STAGE.KEY -> value}, sorted by name
 * @param varied the axis options and their values in this trial, in axis order
 */
public record Trial(String id, int index, Map<String, Object> options, Map<String, Object> varied)
    implements Serializable {

  public Trial {
    options = new TreeMap<>(options);
    varied = new LinkedHashMap<>(varied);
  }

  /** The trial with these options; the id is derived from them. */
  public static Trial of(int index, Map<String, Object> options, Map<String, Object> varied) {
    return new Trial(idOf(options), index, options, varied);
  }

  /** The id of a set of options: SHA-256 of their canonical JSON (keys sorted), first 12 hex digits. */
  public static String idOf(Map<String, Object> options) {
    try {
      byte[] json = new ObjectMapper().writeValueAsBytes(new TreeMap<>(options));
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(json);
      return HexFormat.of().formatHex(hash).substring(0, 12);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("trial id: " + e.getMessage(), e);
    }
  }

  /** A short label of the varied values, e.g. {@code train.seed=1 compile.target=xylo}. */
  public String label() {
    StringBuilder b = new StringBuilder();
    varied.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return b.length() == 0 ? "(base)" : b.toString();
  }
}
