package org.spikeforge.io;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds where a protobuf binary stops making sense: walks the wire format guided by the message
 * descriptor and reports the path of the field being read when the bytes ran out or were
 * malformed. Used only after a parse has already failed, to turn protobuf's "input ended
 * unexpectedly" into something like {@code projections[1].weights}.
 */
final class BinaryFieldLocator {
  private BinaryFieldLocator() {}

  /** The failing field path, or null when the walk finds nothing wrong. */
  static String locate(byte[] data, Descriptor type) {
    CodedInputStream in = CodedInputStream.newInstance(data);
    try {
      walk(in, type, "", data.length);
      return null;
    } catch (Located e) {
      return e.path;
    }
  }

  private static void walk(CodedInputStream in, Descriptor type, String prefix, int end) {
    Map<Integer, Integer> seen = new HashMap<>();
    String path = prefix.isEmpty() ? "(start)" : prefix.substring(0, prefix.length() - 1);
    try {
      while (!in.isAtEnd()) {
        int tag = in.readTag();
        int number = WireFormat.getTagFieldNumber(tag);
        FieldDescriptor field = type.findFieldByNumber(number);
        String name = field == null ? "field #" + number : field.getName();
        path = prefix + name;
        boolean nestedMessage =
            field != null
                && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                && !field.isMapField()
                && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
        if (field != null && field.isRepeated() && nestedMessage) {
          int index = seen.merge(number, 1, Integer::sum) - 1;
          path = path + "[" + index + "]";
        }
        if (nestedMessage) {
          int length = in.readRawVarint32();
          int remaining = end - in.getTotalBytesRead();
          if (length < 0) {
            throw new Located(path);
          }
          // A truncated file cuts the message short: walk what is there to find the inner field.
          int available = Math.min(length, remaining);
          int oldLimit = in.pushLimit(available);
          walk(in, field.getMessageType(), path + ".", in.getTotalBytesRead() + available);
          in.popLimit(oldLimit);
          if (available < length) {
            throw new Located(path);
          }
        } else if (!in.skipField(tag)) {
          throw new Located(path);
        }
      }
    } catch (Located e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new Located(path);
    }
  }

  /** Carries the failing path out of the recursion. */
  private static final class Located extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String path;

    Located(String path) {
      super(path, null, false, false);
      this.path = path;
    }
  }
}
