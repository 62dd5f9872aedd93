package org.spikeforge.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Finds which field of a syntactically valid JSON document JsonFormat refused. JsonFormat itself
 * reports only the offending value ("Not a double value: ..."), so this narrows the document
 * down field by field, asking JsonFormat about each piece, until the smallest failing piece is
 * found. It runs only after a parse has failed.
 */
final class JsonFieldLocator {
  private final ObjectMapper mapper = new ObjectMapper();
  private final JsonFormat.Parser parser = JsonFormat.parser();

  /** The path of the first refused field (e.g. {@code projections[0].weights[2]}), or null. */
  String locate(String json, Descriptor type) {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (IOException e) {
      return null;
    }
    return root instanceof ObjectNode obj ? locateIn(obj, type, "") : null;
  }

  private String locateIn(ObjectNode obj, Descriptor type, String prefix) {
    Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      String path = prefix + entry.getKey();
      FieldDescriptor field = find(type, entry.getKey());
      if (field == null) {
        return path;
      }
      ObjectNode single = mapper.createObjectNode().set(entry.getKey(), entry.getValue());
      if (parses(single, type)) {
        continue;
      }
      String deeper = null;
      JsonNode value = entry.getValue();
      boolean message = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isMapField();
      if (field.isRepeated() && !field.isMapField() && value instanceof ArrayNode array) {
        deeper = locateInArray(array, field, type, path);
      } else if (message && value instanceof ObjectNode child) {
        deeper = locateIn(child, field.getMessageType(), path + ".");
      }
      return deeper != null ? deeper : path;
    }
    return null;
  }

  private String locateInArray(ArrayNode array, FieldDescriptor field, Descriptor type, String path) {
    for (int i = 0; i < array.size(); i++) {
      JsonNode element = array.get(i);
      String elementPath = path + "[" + i + "]";
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && element instanceof ObjectNode child) {
        String deeper = locateIn(child, field.getMessageType(), elementPath + ".");
        if (deeper != null) {
          return deeper;
        }
      } else {
        ObjectNode single = mapper.createObjectNode();
        single.putArray(field.getName()).add(element);
        if (!parses(single, type)) {
          return elementPath;
        }
      }
    }
    return null;
  }

  private boolean parses(ObjectNode json, Descriptor type) {
    try {
      parser.merge(json.toString(), DynamicMessage.newBuilder(type));
      return true;
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return false;
    }
  }

  private static FieldDescriptor find(Descriptor type, String name) {
    FieldDescriptor byName = type.findFieldByName(name);
    if (byName != null) {
      return byName;
    }
    for (FieldDescriptor f : type.getFields()) {
      if (f.getJsonName().equals(name)) {
        return f;
      }
    }
    return null;
  }
}
