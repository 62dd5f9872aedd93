package org.spikeforge.cli;

import org.spikeforge.proto.TargetFamily;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --target}: the wire names users type (loihi2, xylo, theta), with the one-line message
 * "unknown target 'x' (choose loihi2, xylo, theta)" for anything else; picocli's own enum conversion
 * would expect the constant names and list them in brackets.
 */
final class TargetFamilyConverter implements ITypeConverter<TargetFamily> {
  @Override
  public TargetFamily convert(String value) {
    try {
      return TargetFamily.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
