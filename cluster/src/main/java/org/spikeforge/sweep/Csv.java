package org.spikeforge.sweep;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; lines end in \n. */
final class Csv {
  private Csv() {}

  static void line(StringBuilder b, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String f = fields.get(i);
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
        b.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        b.append(f);
      }
    }
    b.append('\n');
  }

  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> rec = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      any = true;
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        rec.add(f.toString());
        f.setLength(0);
      } else if (c == '\n') {
        rec.add(f.toString());
        f.setLength(0);
        records.add(rec);
        rec = new ArrayList<>();
        any = false;
      } else if (c != '\r') {
        f.append(c);
      }
    }
    if (any) {
      rec.add(f.toString());
      records.add(rec);
    }
    return records;
  }
}
